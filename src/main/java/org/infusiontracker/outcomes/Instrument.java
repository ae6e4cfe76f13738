package org.infusiontracker.outcomes;

import java.util.List;

/**
 * The outcome instruments a clinic scores (domain.md section 8): how many items, each item's
 * range, the bands of the total, and what counts as response and remission over a course.
 */
public enum Instrument {
    /** Depression, 9 items 0-3; item 9 asks about thoughts of self-harm. */
    PHQ9(
            9,
            3,
            List.of(
                    new Band(4, "MINIMAL"),
                    new Band(9, "MILD"),
                    new Band(14, "MODERATE"),
                    new Band(19, "MODERATELY_SEVERE"),
                    new Band(27, "SEVERE")),
            5),
    /** Anxiety, 7 items 0-3. */
    GAD7(
            7,
            3,
            List.of(new Band(4, "MINIMAL"), new Band(9, "MILD"), new Band(14, "MODERATE"), new Band(21, "SEVERE")),
            5),
    /** PTSD, 20 items 0-4; 33 or more is probable PTSD, as the VA and ketamine studies use. */
    PCL5(20, 4, List.of(new Band(32, "BELOW_THRESHOLD"), new Band(80, "PROBABLE_PTSD")), null);

    /** A band of totals up to {@code upTo} inclusive. */
    private record Band(int upTo, String name) {}

    /** The drop from baseline that PCL-5 counts as response (a 10-20 point change is clinically meaningful). */
    private static final int PCL5_RESPONSE_DROP = 10;

    private final int items;
    private final int maxAnswer;
    private final List<Band> bands;
    private final Integer remissionBelow;

    Instrument(int items, int maxAnswer, List<Band> bands, Integer remissionBelow) {
        this.items = items;
        this.maxAnswer = maxAnswer;
        this.bands = bands;
        this.remissionBelow = remissionBelow;
    }

    public int items() {
        return items;
    }

    public int maxAnswer() {
        return maxAnswer;
    }

    public String band(int total) {
        return bands.stream()
                .filter(b -> total <= b.upTo())
                .findFirst()
                .orElseThrow()
                .name();
    }

    /**
     * Response: PHQ-9 and GAD-7 at most half the baseline (a 50 % drop, as trials count it), PCL-5
     * a drop of 10 or more.
     */
    public boolean response(int baseline, int latest) {
        return this == PCL5 ? baseline - latest >= PCL5_RESPONSE_DROP : latest * 2 <= baseline;
    }

    /** Remission (PHQ-9, GAD-7: under 5); null for an instrument without a remission cut-off (PCL-5). */
    public Boolean remission(int latest) {
        return remissionBelow == null ? null : latest < remissionBelow;
    }
}
