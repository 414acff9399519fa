package dev.tally.projection.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The rebuild's phase as {@code GET /projection} has always written it. */
class RebuildPhaseTest {

    @Test
    void phasesKeepTheirWords() {
        assertEquals("starting", RebuildPhase.STARTING.describe(null));
        assertEquals("folding", RebuildPhase.FOLDING.describe(null));
        assertEquals("switching", RebuildPhase.SWITCHING.describe(null));
        assertEquals("switched", RebuildPhase.SWITCHED.describe(null));
        assertEquals("stuck at a version gap in partition 2 offset 41", RebuildPhase.STUCK_AT_GAP.describe(
                new BatchPlan.Gap(2, 41, "account-1", 3, 5, 900)));
    }
}
