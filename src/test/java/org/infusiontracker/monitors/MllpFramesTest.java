package org.infusiontracker.monitors;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The MLLP frame cutter alone: frames in any pieces, framing errors, the size limit. */
class MllpFramesTest {

    private final List<String> seen = new ArrayList<>();

    private final MllpFrames frames = new MllpFrames(100, new MllpFrames.Listener() {
        @Override
        public void frame(byte[] payload) {
            seen.add(new String(payload, StandardCharsets.UTF_8));
        }

        @Override
        public void badFraming() {
            seen.add("BAD");
        }

        @Override
        public void tooLarge() {
            seen.add("TOO LARGE");
        }
    });

    private void feed(String text) {
        frames.feed(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void framesArriveWholeInAnyPieces() {
        String two = "\u000bMSH|1\rOBX|1\u001c\r\r\n\u000bMSH|2\u001c\r";
        for (char c : two.toCharArray()) {
            feed(String.valueOf(c));
        }
        assertEquals(List.of("MSH|1\rOBX|1", "MSH|2"), seen);
    }

    @Test
    void anEndBlockByteInsideAFrameIsKeptUnlessACarriageReturnFollows() {
        feed("\u000bA\u001cB\u001c\r");
        assertEquals(List.of("A\u001cB"), seen);
    }

    @Test
    void bytesOutsideAFrameAreOneFramingErrorThenFramesGoOn() {
        feed("hello");
        feed("\u000bMSH|3\u001c\r");
        feed("junk\u001c\r");
        assertEquals(List.of("BAD", "MSH|3", "BAD"), seen);
    }

    @Test
    void aFrameOverTheLimitStopsTheConnection() {
        feed("\u000b" + "x".repeat(150) + "\u001c\r\u000bMSH|4\u001c\r");
        assertEquals(List.of("TOO LARGE"), seen);
    }
}
