package dev.tally.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soak's arithmetic, chart and heap reading, without a system (the soak itself runs by hand). */
class SoakSeriesTest {

    @Test
    void aSeriesThatLevelsOffIsWithinTheBoundAndOneThatKeepsGrowingIsNot(@TempDir Path dir) throws Exception {
        SoakSeries rss = new SoakSeries("RSS", "MiB");
        for (int i = 0; i < 30; i++) {
            rss.add("flat", i * 0.5, i < 5 ? 100 + i * 20 : 200 + (i % 2));
            rss.add("leaking", i * 0.5, 200 + i * 5);
        }
        List<String> grew = rss.grewBeyondBound();
        assertEquals(1, grew.size(), grew.toString());
        assertTrue(grew.get(0).contains("leaking"), grew.toString());
        assertEquals(2, rss.tableRows().size());
        assertEquals(60, rss.csvRows().size());
        Path png = dir.resolve(rss.fileName() + ".png");
        rss.writePng(png);
        assertTrue(Files.size(png) > 1_000, "a PNG was drawn");
    }

    @Test
    void smallChangesAreNoiseWhateverThePercentage() {
        SoakSeries threads = new SoakSeries("threads", "threads");
        for (int i = 0; i < 30; i++) {
            threads.add("write-side-1", i, i < 20 ? 10 : 12); // +20%, but two threads
        }
        assertTrue(threads.grewBeyondBound().isEmpty(), threads.grewBeyondBound().toString());
    }

    @Test
    void theHeapAfterAFullGcIsReadFromJcmd() throws Exception {
        long kib = SoakSampler.heapAfterGc(ProcessHandle.current().pid());
        long used = (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1024;
        assertTrue(kib > 0 && kib < 4 * used + 65_536, "heap after GC " + kib + " KiB (used now " + used + " KiB)");
    }
}
