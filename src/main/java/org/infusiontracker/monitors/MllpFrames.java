package org.infusiontracker.monitors;

import java.io.ByteArrayOutputStream;

/**
 * The MLLP framing of one connection: a message is {@code 0x0B} (start block), the HL7 bytes, then
 * {@code 0x1C 0x0D} (end block, carriage return). Fed the bytes as they arrive, in any pieces; hands
 * each complete frame on, and says when the peer breaks the framing. Not thread-safe: one per
 * connection, fed from its event loop.
 */
final class MllpFrames {

    static final byte START = 0x0B;
    static final byte END = 0x1C;
    static final byte CR = 0x0D;

    /** What the decoder found. */
    interface Listener {
        /** A complete frame's payload (without the framing bytes). */
        void frame(byte[] payload);

        /** Bytes outside a frame (not between frames' line ends), now ended by a start or end block. */
        void badFraming();

        /** A frame longer than the limit: the connection should be answered and closed. */
        void tooLarge();
    }

    private final int maxBytes;
    private final Listener listener;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
    private boolean inFrame;
    private boolean endSeen;
    private boolean garbage;
    private int garbageBytes;
    private boolean stopped;

    MllpFrames(int maxBytes, Listener listener) {
        this.maxBytes = maxBytes;
        this.listener = listener;
    }

    void feed(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && !stopped) {
            if (inFrame && !endSeen) {
                // The message's own bytes, up to the next block character, in one copy.
                int j = i;
                while (j < bytes.length && bytes[j] != END && bytes[j] != START) {
                    j++;
                }
                if (j > i) {
                    append(bytes, i, j - i);
                    i = j;
                    continue;
                }
            }
            byte b = bytes[i++];
            if (inFrame) {
                inFrameByte(b);
            } else {
                outsideByte(b);
            }
        }
    }

    private void append(byte[] bytes, int from, int length) {
        if (frame.size() + length > maxBytes) {
            stopped = true;
            frame.reset();
            listener.tooLarge();
            return;
        }
        frame.write(bytes, from, length);
    }

    private void inFrameByte(byte b) {
        if (endSeen) {
            endSeen = false;
            if (b == CR) {
                inFrame = false;
                byte[] payload = frame.toByteArray();
                frame.reset();
                listener.frame(payload);
                return;
            }
            append(END);
        }
        if (b == END) {
            endSeen = true;
        } else if (b == START) {
            // A new start block inside a frame: the frame before it was never ended.
            frame.reset();
            listener.badFraming();
        } else {
            append(b);
        }
    }

    private void append(byte b) {
        if (frame.size() >= maxBytes) {
            stopped = true;
            frame.reset();
            listener.tooLarge();
            return;
        }
        frame.write(b);
    }

    private void outsideByte(byte b) {
        if (b == START) {
            if (garbage) {
                garbage = false;
                garbageBytes = 0;
                listener.badFraming();
            }
            inFrame = true;
            return;
        }
        if (b == END || (b == CR && garbage)) {
            if (garbage || b == END) {
                garbage = false;
                garbageBytes = 0;
                listener.badFraming();
            }
            return;
        }
        if (b == '\n' || b == CR) {
            return;
        }
        garbage = true;
        if (++garbageBytes > maxBytes) {
            stopped = true;
            listener.tooLarge();
        }
    }
}
