package dev.tally.console;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the console's templates show, read from the services' JSON answers. Each panel carries {@code error} (which
 * service and why) instead of its figures when its service did not answer, so a page always renders.
 */
public final class Panels {

    private Panels() {}

    /** A service's readiness ({@code /q/health/ready}); {@code detail} names the checks that are not UP. */
    public record Health(String name, String url, boolean up, String detail) {

        static Health of(String name, String url, ServiceCalls.Answer answer) {
            JsonNode body = answer.body();
            if (body == null || !body.has("status")) {
                return new Health(name, url, false, answer.error());
            }
            boolean up = "UP".equals(body.path("status").asText());
            List<String> down = new ArrayList<>();
            for (JsonNode check : body.path("checks")) {
                if (!"UP".equals(check.path("status").asText())) {
                    down.add(check.path("name").asText() + " " + check.path("status").asText());
                }
            }
            return new Health(name, url, up, up ? "ready" : "not ready: " + String.join(", ", down));
        }
    }

    /** The write side's outbox relay ({@code /relay}) and the store's head: backlog = head − checkpoint. */
    public record Relay(String error, boolean leader, long checkpoint, long head, long backlog, long published,
                 String lastLag, String p99Lag, String lastError) {

        static Relay of(ServiceCalls.Answer answer, long head) {
            if (!answer.ok()) {
                return new Relay(answer.error(), false, 0, head, 0, 0, "", "", null);
            }
            JsonNode r = answer.body();
            long checkpoint = r.path("checkpoint").asLong(-1);
            long lastLag = r.path("lastLagMicros").asLong(-1);
            return new Relay(null, r.path("leader").asBoolean(), checkpoint, head,
                    checkpoint < 0 ? head : Math.max(0, head - checkpoint), r.path("publishedEvents").asLong(),
                    lastLag < 0 ? "–" : millis(lastLag), r.path("lag").path("count").asLong() == 0 ? "–"
                            : millis(r.path("lag").path("p99Micros").asLong()),
                    r.path("lastError").isNull() ? null : r.path("lastError").asText(null));
        }
    }

    /** A view's {@code /projection}; {@code rebuild} is null unless one runs (or just switched). */
    public record View(String name, String url, String error, String status, String failure, int generation, long frontier,
                long applied, long lagEvents, String lagSeconds, long deadLettered, long skipped, long redelivered,
                Rebuild rebuild) {

        static View of(String name, String url, ServiceCalls.Answer answer) {
            if (!answer.ok()) {
                return new View(name, url, answer.error(), "UNREACHABLE", null, 0, 0, 0, 0, "", 0, 0, 0, null);
            }
            JsonNode p = answer.body();
            JsonNode rebuild = p.path("rebuild");
            return new View(name, url, null, p.path("status").asText(), text(p, "failure"),
                    p.path("activeGeneration").asInt(), p.path("frontier").asLong(), p.path("eventsApplied").asLong(),
                    p.path("lagEvents").asLong(), p.path("lagSeconds").isNumber() ? p.get("lagSeconds").asText() : "–",
                    p.path("deadLettered").asLong(), p.path("skipped").asLong(), p.path("redelivered").asLong(),
                    rebuild.isObject() ? new Rebuild(rebuild.path("generation").asInt(), rebuild.path("phase").asText(),
                            rebuild.path("folded").asLong(), rebuild.path("target").asLong(),
                            rebuild.path("percent").asInt(), text(rebuild, "failure")) : null);
        }

        public boolean healthy() {
            return error == null && (status.equals("RUNNING") || status.equals("CATCHING_UP")
                    || status.equals("REBUILDING"));
        }
    }

    public record Rebuild(int generation, String phase, long folded, long target, int percent, String failure) {
    }

    /** The consistency auditor's report ({@code /consistency}), one block per view. */
    public record Audit(String error, boolean consistent, long position, long accountsChecked, long differenceCount,
                 List<AuditView> views, Boolean conservationHolds, String conservationError,
                 List<String> conservationDifferences) {

        static Audit of(ServiceCalls.Answer answer) {
            if (!answer.ok()) {
                return new Audit(answer.error(), false, 0, 0, 0, List.of(), null, null, List.of());
            }
            JsonNode r = answer.body();
            List<AuditView> views = new ArrayList<>();
            for (JsonNode v : r.path("views")) {
                List<Difference> differences = new ArrayList<>();
                for (JsonNode d : v.path("differences")) {
                    differences.add(new Difference(d.path("accountId").asText(), d.path("field").asText(),
                            d.path("expected").asText(), d.path("actual").asText()));
                }
                views.add(new AuditView(v.path("view").asText(), v.path("accountsChecked").asLong(),
                        v.path("differenceCount").asLong(), differences, text(v, "error")));
            }
            JsonNode c = r.path("conservation");
            List<String> conservationDifferences = new ArrayList<>();
            for (JsonNode d : c.path("differences")) {
                conservationDifferences.add(d.path("currency").asText() + " " + d.path("field").asText()
                        + ": expected " + d.path("expected").asText() + ", actual " + d.path("actual").asText());
            }
            for (JsonNode p : r.path("storeProblems")) {
                conservationDifferences.add("event store: " + p.asText());
            }
            return new Audit(null, r.path("consistent").asBoolean(), r.path("position").asLong(),
                    r.path("accountsChecked").asLong(), r.path("differenceCount").asLong(), views,
                    c.isObject() ? c.path("holds").asBoolean() : null, text(c, "error"), conservationDifferences);
        }

        public String conservationText() {
            if (conservationError != null) {
                return "not checked: " + conservationError;
            }
            return conservationHolds == null ? "not checked" : conservationHolds ? "holds" : "does not hold";
        }
    }

    public record AuditView(String view, long accountsChecked, long differenceCount, List<Difference> differences,
                     String error) {
    }

    public record Difference(String accountId, String field, String expected, String actual) {
    }

    /** One event of an account's stream as stored ({@code /accounts/{id}/events}). */
    public record StoredEvent(long version, long position, String type, String recordedAt, String actor, String data) {
    }

    /** An account's stream from the write side. */
    public record Stream(String error, long version, List<StoredEvent> events) {

        static Stream of(ServiceCalls.Answer answer) {
            if (!answer.ok()) {
                return new Stream(answer.error(), 0, List.of());
            }
            List<StoredEvent> events = new ArrayList<>();
            for (JsonNode e : answer.body().path("events")) {
                events.add(new StoredEvent(e.path("streamVersion").asLong(), e.path("position").asLong(),
                        e.path("type").asText(), e.path("recordedAt").asText(), e.path("actor").asText(""),
                        e.path("data").toString()));
            }
            return new Stream(null, answer.body().path("version").asLong(), events);
        }
    }

    /** What one view holds for the account: its answer's fields, flattened to name/value pairs. */
    public record ViewRow(String view, String error, List<Field> fields) {

        static ViewRow of(String view, ServiceCalls.Answer answer) {
            if (!answer.ok()) {
                return new ViewRow(view, answer.error(), List.of());
            }
            List<Field> fields = new ArrayList<>();
            Iterator<Map.Entry<String, JsonNode>> entries = answer.body().fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                JsonNode value = entry.getValue();
                fields.add(new Field(entry.getKey(), value.isValueNode() ? value.asText() : value.toString()));
            }
            return new ViewRow(view, null, fields);
        }
    }

    public record Field(String name, String value) {
    }

    /** One event of the live tail. */
    public record TailEvent(long position, String streamId, long version, String type, String recordedAt, String actor,
                     String data) {
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? null : value.asText();
    }

    private static String millis(long micros) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", micros / 1000.0);
    }
}
