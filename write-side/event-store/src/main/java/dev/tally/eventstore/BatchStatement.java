package dev.tally.eventstore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Text, arguments and answers of {@link EventStoreSql#APPEND_BATCH} for one batch of requests, with the callers'
 * {@link TransactionRows} composed into it. Requests are numbered 1..n in batch order.
 */
final class BatchStatement {

    /** What the statement decided for one request: appended, or refused because a condition did not hold. */
    sealed interface Answer permits Accepted, Refused {
    }

    record Accepted(AppendResult result) implements Answer {
    }

    record Refused(WrongExpectedVersionException conflict) implements Answer {
    }

    private static final Pattern PARAMETER = Pattern.compile("\\$(\\d+)");
    private static final String WITHOUT_ROWS = EventStoreSql.APPEND_BATCH.replace("%s", "");

    final String sql;
    final Tuple arguments;
    private final List<AppendRequest<?>> requests;

    /** Builds text and arguments; throws (before anything is sent) if a request's rows cannot be turned into arguments. */
    BatchStatement(List<AppendRequest<?>> requests) {
        this.requests = requests;
        this.arguments = storeArguments(requests);
        StringBuilder ctes = new StringBuilder();
        Map<TransactionRows<?>, List<Integer>> byWriter = new LinkedHashMap<>();
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).rowWriter() != null) {
                byWriter.computeIfAbsent(requests.get(i).rowWriter(), w -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<TransactionRows<?>, List<Integer>> entry : byWriter.entrySet()) {
            int offset = arguments.size();
            addRows(entry.getKey(), entry.getValue());
            String cte = renumber(entry.getKey().sql(), offset, arguments.size() - offset);
            ctes.append(", rows_").append(offset).append(" AS (\n").append(cte).append("\n)");
        }
        this.sql = ctes.isEmpty() ? WITHOUT_ROWS : EventStoreSql.APPEND_BATCH.replace("%s", ctes);
    }

    @SuppressWarnings("unchecked")
    private <R> void addRows(TransactionRows<R> writer, List<Integer> requestIndexes) {
        Integer[] numbers = new Integer[requestIndexes.size()];
        List<R> rows = new ArrayList<>(requestIndexes.size());
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = requestIndexes.get(i) + 1;
            rows.add((R) requests.get(requestIndexes.get(i)).rows());
        }
        arguments.addArrayOfInteger(numbers);
        writer.addArguments(arguments, rows);
    }

    /** The writer's {@code $1..$count} as {@code $(offset+1)..$(offset+count)}; refuses any other number. */
    static String renumber(String sql, int offset, int count) {
        Matcher matcher = PARAMETER.matcher(sql);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            int n = Integer.parseInt(matcher.group(1));
            if (n < 1 || n > count) {
                throw new IllegalArgumentException("rows statement uses $" + n + " but has " + count + " arguments");
            }
            matcher.appendReplacement(out, "\\$" + (offset + n));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Tuple storeArguments(List<AppendRequest<?>> requests) {
        int appendCount = requests.stream().mapToInt(r -> r.appends().size()).sum();
        int eventCount = requests.stream().mapToInt(AppendRequest::eventCount).sum();
        Integer[] requestNumbers = new Integer[appendCount];
        String[] streams = new String[appendCount];
        Long[] expected = new Long[appendCount];
        Integer[] appendNumbers = new Integer[eventCount];
        Long[] offsets = new Long[eventCount];
        EventColumns columns = new EventColumns(eventCount);
        int a = 0;
        int e = 0;
        for (int r = 0; r < requests.size(); r++) {
            for (StreamAppend append : requests.get(r).appends()) {
                requestNumbers[a] = r + 1;
                streams[a] = append.streamId();
                expected[a] = append.expectedVersion().version().isPresent()
                        ? append.expectedVersion().version().getAsLong() : null;
                long offset = 0;
                for (NewEvent event : append.events()) {
                    appendNumbers[e] = a + 1;
                    offsets[e] = ++offset;
                    columns.set(e, event);
                    e++;
                }
                a++;
            }
        }
        return columns.addTo(Tuple.tuple()
                .addArrayOfInteger(requestNumbers)
                .addArrayOfString(streams)
                .addArrayOfLong(expected)
                .addArrayOfInteger(appendNumbers)
                .addArrayOfLong(offsets));
    }

    /**
     * Each request's answer, in batch order: accepted requests get consecutive positions in batch order (that is how
     * the statement numbered their events), refused ones the first stream whose condition did not hold.
     */
    List<Answer> answers(RowSet<Row> rows) {
        List<Row> perAppend = new ArrayList<>();
        rows.forEach(perAppend::add);
        int appendCount = requests.stream().mapToInt(r -> r.appends().size()).sum();
        if (perAppend.size() != appendCount) {
            throw new IllegalStateException("batch answered " + perAppend.size() + " of " + appendCount + " streams");
        }
        long acceptedEvents = 0;
        List<Answer> answers = new ArrayList<>(requests.size());
        int a = 0;
        for (AppendRequest<?> request : requests) {
            Map<String, Long> newVersions = new LinkedHashMap<>();
            WrongExpectedVersionException conflict = null;
            boolean accepted = perAppend.get(a).getBoolean("accepted");
            for (StreamAppend append : request.appends()) {
                long actual = perAppend.get(a).getLong("actual");
                newVersions.put(append.streamId(), actual + append.events().size());
                var expected = append.expectedVersion().version();
                if (conflict == null && expected.isPresent() && expected.getAsLong() != actual) {
                    conflict = new WrongExpectedVersionException(append.streamId(), expected.getAsLong(), actual, null);
                }
                a++;
            }
            if (accepted != (conflict == null)) {
                throw new IllegalStateException("batch statement and client disagree on a request's conditions");
            }
            if (accepted) {
                long first = acceptedEvents + 1;
                acceptedEvents += request.eventCount();
                answers.add(new Accepted(new AppendResult(newVersions, first, acceptedEvents)));
            } else {
                answers.add(new Refused(conflict));
            }
        }
        Row any = perAppend.get(0);
        if (any.getLong("inserted") != acceptedEvents) {
            // Cannot happen while position_counter has its row.
            throw new IllegalStateException("batch inserted " + any.getLong("inserted") + " of " + acceptedEvents + " events");
        }
        long firstPosition = any.getLong("last_position") - acceptedEvents;
        List<Answer> positioned = new ArrayList<>(answers.size());
        for (Answer answer : answers) {
            positioned.add(answer instanceof Accepted accepted
                    ? new Accepted(new AppendResult(accepted.result().newVersions(),
                            firstPosition + accepted.result().firstPosition(),
                            firstPosition + accepted.result().lastPosition()))
                    : answer);
        }
        return positioned;
    }
}
