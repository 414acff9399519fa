package dev.tally.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * One scenario's line in the fault table, and everything that broke the promise (empty when it held).
 *
 * @param sent         commands this scenario's load sent
 * @param acknowledged answered 2xx in the end
 * @param rejected     answered 4xx in the end (must have left no effect)
 * @param retried      needed more than one attempt (time-out, refused, 503) before a definite answer
 * @param unavailable  attempts answered 503 problem+json (an engine was down)
 * @param serverErrors attempts answered with a 5xx other than a 503 problem (must be none)
 * @param dropped      attempts whose connection broke without an answer (a killed process)
 * @param unresolved   no definite answer before the load gave up
 * @param lost         acknowledged, but not in the event store with all its events
 * @param duplicated   in the event store more than once
 * @param leaked       answered with an error, yet it left events
 * @param logMissing   events in the store that are not on the topic (the whole store, so far)
 * @param logCopies    extra copies of events on the whole topic so far (allowed: the log is at-least-once; views
 *                     drop them by stream version)
 * @param viewsDiffer  accounts on which some view disagrees with the store, plus conservation failures
 * @param auditorDifferences what the built-in consistency auditor (GET /consistency) reported; -1 if it could not
 *                     check every view
 * @param recoverMillis from the end of the fault (restart begun; for the fail-over, the kill) until every running
 *                      service was ready and every view had folded every event the store held at that moment; -1 when
 *                      there was nothing to recover from
 */
record ScenarioResult(String scenario, int sent, int acknowledged, int rejected, int retried, int unavailable,
                      int serverErrors, int dropped, int unresolved,
                      int lost, int duplicated, int leaked, long logMissing, long logCopies, int viewsDiffer,
                      int auditorDifferences,
                      long recoverMillis, List<String> violations) {

    static String table(List<ScenarioResult> results) {
        List<String> lines = new ArrayList<>();
        lines.add("| scenario | sent | acknowledged | rejected | retried | 503 | 5xx | dropped | unresolved | lost | duplicated"
                + " | error with effect | not on log | log copies | views differ | auditor | time to recover |");
        lines.add("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (ScenarioResult r : results) {
            lines.add(String.format("| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %s | %s |",
                    r.scenario, r.sent, r.acknowledged, r.rejected, r.retried, r.unavailable, r.serverErrors, r.dropped, r.unresolved, r.lost, r.duplicated,
                    r.leaked, r.logMissing, r.logCopies, r.viewsDiffer,
                    r.auditorDifferences < 0 ? "error" : String.valueOf(r.auditorDifferences),
                    r.recoverMillis < 0 ? "-" : String.format("%.1f s", r.recoverMillis / 1000.0)));
        }
        return String.join("\n", lines);
    }
}
