package dev.tally.ledger.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import dev.tally.ledger.domain.AccountCommand;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

/**
 * Commands by type and outcome, their latency and their optimistic-concurrency retries (names in the README,
 * "Observability"). Labels are bounded: the command type, the outcome, and the rejection code (a fixed set); never an
 * account id. Meters are registered up front or once per new label set, so a command costs a clock read, a map
 * lookup and two increments.
 */
@Startup // registers its meters at start, so they are scraped (at 0) before the first command or audit
@ApplicationScoped
public class CommandMetrics {

    public static final String OPEN_ACCOUNT = "open_account";
    public static final String TRANSFER = "transfer";
    public static final List<String> COMMANDS =
            List.of(OPEN_ACCOUNT, "deposit", "withdraw", "freeze", "unfreeze", "close", TRANSFER);

    static final String ACCEPTED = "accepted";
    static final String REJECTED = "rejected";
    static final String CONFLICT = "conflict";
    static final String IDEMPOTENT_REPLAY = "idempotent_replay";
    static final String ERROR = "error";
    static final String NO_CODE = "none";

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<String, Counter> retries = new ConcurrentHashMap<>();
    /** command → "outcome code" → counter. */
    private final Map<String, Map<String, Counter>> outcomes = new ConcurrentHashMap<>();

    CommandMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String command : COMMANDS) {
            durations.put(command, Timer.builder("tally.command.duration").tag("command", command)
                    .description("From a command's arrival in the runner to its outcome")
                    .serviceLevelObjectives(BUCKETS).register(registry));
            retries.put(command, Counter.builder("tally.command.conflict.retries").tag("command", command)
                    .description("Optimistic-concurrency conflicts retried on fresh state").register(registry));
            counter(command, ACCEPTED, NO_CODE);
            counter(command, IDEMPOTENT_REPLAY, NO_CODE);
        }
    }

    /** The metrics name of a command on one account. */
    public static String nameOf(AccountCommand command) {
        if (command instanceof AccountCommand.OpenAccount) {
            return OPEN_ACCOUNT;
        } else if (command instanceof AccountCommand.Deposit) {
            return "deposit";
        } else if (command instanceof AccountCommand.Withdraw) {
            return "withdraw";
        } else if (command instanceof AccountCommand.Freeze) {
            return "freeze";
        } else if (command instanceof AccountCommand.Unfreeze) {
            return "unfreeze";
        } else if (command instanceof AccountCommand.Close) {
            return "close";
        }
        throw new IllegalArgumentException("no metrics name for " + command.getClass());
    }

    /** Counts and times {@code running}'s outcome (or failure) under {@code command}. */
    Uni<CommandOutcome> measure(String command, Uni<CommandOutcome> running) {
        long start = System.nanoTime();
        return running.onItemOrFailure().invoke((outcome, failure) -> {
            durations.get(command).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            if (failure != null) {
                counter(command, ERROR, NO_CODE).increment();
            } else {
                outcome.accept(classify).count(this, command);
            }
        });
    }

    void conflictRetried(String command) {
        retries.get(command).increment();
    }

    private Counter counter(String command, String outcome, String code) {
        Map<String, Counter> byOutcome = outcomes.computeIfAbsent(command, c -> new ConcurrentHashMap<>());
        String key = NO_CODE.equals(code) ? outcome : outcome + " " + code;
        Counter counter = byOutcome.get(key);
        if (counter == null) {
            counter = byOutcome.computeIfAbsent(key, k -> Counter.builder("tally.commands")
                    .tags("command", command, "outcome", outcome, "code", code)
                    .description("Commands by type and outcome; code is the rejection's code, else none")
                    .register(registry));
        }
        return counter;
    }

    /** Outcome and code of a command's end. */
    private record Counted(String outcome, String code) {
        void count(CommandMetrics metrics, String command) {
            metrics.counter(command, outcome, code).increment();
        }
    }

    private static final Counted COUNT_ACCEPTED = new Counted(ACCEPTED, NO_CODE);
    private static final Counted COUNT_REPLAY = new Counted(IDEMPOTENT_REPLAY, NO_CODE);

    private static final CommandOutcome.Visitor<Counted> classify = new CommandOutcome.Visitor<>() {
        @Override
        public Counted accepted(CommandOutcome.Accepted outcome) {
            return COUNT_ACCEPTED;
        }

        @Override
        public Counted rejected(CommandOutcome.Rejected outcome) {
            return new Counted(REJECTED, outcome.rejection().code());
        }

        @Override
        public Counted preconditionFailed(CommandOutcome.PreconditionFailed outcome) {
            return new Counted(CONFLICT, "precondition_failed");
        }

        @Override
        public Counted replayed(CommandOutcome.Replayed outcome) {
            return COUNT_REPLAY;
        }

        @Override
        public Counted keyReused(CommandOutcome.KeyReused outcome) {
            return new Counted(REJECTED, "idempotency_key_reused");
        }

        @Override
        public Counted tooMuchContention(CommandOutcome.TooMuchContention outcome) {
            return new Counted(CONFLICT, "too_much_contention");
        }
    };
}
