package dev.tally.console;

import dev.tally.eventstore.EventLog;
import dev.tally.eventstore.RecordedEvent;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /console/tail/events}: server-sent events of every event appended to the log after the connection
 * opened, read from the event store by position (so in the log's order, none skipped), each an HTML table row the
 * page inserts at the top ({@code event} events), with {@code status} events saying where the tail is. A connection
 * is bounded ({@code tally.console.tail.max-events}, {@code max-duration}): then it sends {@code closed}, on which the
 * page closes its EventSource instead of reconnecting, and the stream ends. A closed browser tab cancels it.
 */
@Path("/console/tail/events")
@PermitAll
public class JournalTail {

    private final ConsoleAuth auth;
    private final EventLog log;
    private final ConsoleConfig.Tail bounds;

    JournalTail(ConsoleAuth auth, EventLog log, ConsoleConfig config) {
        this.auth = auth;
        this.log = log;
        this.bounds = config.tail();
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public Multi<OutboundSseEvent> events(@CookieParam(ConsoleCookie.NAME) String cookie, @Context Sse sse) {
        ConsoleAuth.Check check = auth.check(cookie);
        if (!check.ok()) {
            return Multi.createFrom().items(status(sse, "not signed in: " + check.refusal().message), closed(sse));
        }
        return Multi.createFrom().uni(log.headPosition()).onItem().transformToMultiAndConcatenate(head -> {
            AtomicLong after = new AtomicLong(head);
            AtomicLong sent = new AtomicLong();
            Multi<OutboundSseEvent> rows = Multi.createFrom().ticks().every(bounds.pollInterval())
                    .onOverflow().drop()
                    .onItem().transformToUniAndConcatenate(tick -> log.readAll(after.get(), bounds.batch()))
                    .onItem().transformToIterable(events -> rows(sse, events, after))
                    .select().first(bounds.maxEvents())
                    .select().first(bounds.maxDuration())
                    .onItem().invoke(sent::incrementAndGet);
            return Multi.createBy().concatenating().streams(
                    Multi.createFrom().item(status(sse, "live: new events after position " + head + " appear here")),
                    rows,
                    Multi.createFrom().items(() -> java.util.stream.Stream.of(
                            status(sse, "tail closed after " + sent.get() + " events (bounds: "
                                    + bounds.maxEvents() + " events, " + bounds.maxDuration().toMinutes()
                                    + " min); reload the page to tail again"),
                            closed(sse))));
        });
    }

    private List<OutboundSseEvent> rows(Sse sse, List<RecordedEvent> events, AtomicLong after) {
        if (!events.isEmpty()) {
            after.set(events.get(events.size() - 1).position());
        }
        return events.stream().map(e -> sse.newEventBuilder().name("event").id(Long.toString(e.position()))
                .data(Templates.tailRow(new Panels.TailEvent(e.position(), e.streamId(), e.streamVersion(), e.type(),
                        e.recordedAt().toString(), e.metadata().actor(), e.data())).render().replace('\n', ' '))
                .build()).toList();
    }

    private static OutboundSseEvent status(Sse sse, String text) {
        return sse.newEventBuilder().name("status").data(escape(text)).build();
    }

    private static OutboundSseEvent closed(Sse sse) {
        return sse.newEventBuilder().name("closed").data("closed").build();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
