package dev.tally.ledger.api;

import dev.tally.ledger.app.CommandAnswer;
import dev.tally.ledger.app.CommandContext;
import dev.tally.ledger.app.CommandOutcome;
import dev.tally.ledger.app.CommandOutcome.Appended;
import dev.tally.ledger.app.CommandRunner.AnswerFormat;
import dev.tally.ledger.domain.DomainRejection;
import dev.tally.ledger.domain.Transfer;
import io.vertx.core.json.JsonObject;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * The HTTP answers of commands: the {@link AnswerFormat} of each kind of command (status, Location, ETag, JSON body;
 * also what an Idempotency-Key replays), and the response to each {@link CommandOutcome}. Outcomes that are problems
 * of the request rather than of the command (stale If-Match, reused key, endless contention) go to
 * {@link LedgerProblemMappers} as exceptions.
 */
final class CommandAnswers {

    private CommandAnswers() {
    }

    /** 201 with Location and ETag, {@code {accountId, version, position}}. */
    static AnswerFormat opened(String accountId) {
        return new OnAccount(201, "/accounts/" + accountId);
    }

    /** 200 with ETag, {@code {accountId, version, position}}. */
    static AnswerFormat onAccount() {
        return new OnAccount(200, null);
    }

    /** 200, {@code {transferId, fromAccountId, fromVersion, toAccountId, toVersion, position}}; no ETag. */
    static AnswerFormat transfer(Transfer command) {
        return new Answers() {
            @Override
            public CommandAnswer accepted(List<Appended> streams) {
                Appended from = streams.get(0);
                Appended to = streams.get(1);
                JsonObject body = new JsonObject()
                        .put("transferId", command.transferId())
                        .put("fromAccountId", from.streamId()).put("fromVersion", from.version())
                        .put("toAccountId", to.streamId()).put("toVersion", to.version());
                return new CommandAnswer(200, body, null, null, false);
            }
        };
    }

    /** The response to {@code outcome} of a command answered with {@code format}. */
    static Response toResponse(CommandOutcome outcome, AnswerFormat format, CommandContext context) {
        return outcome.accept(new CommandOutcome.Visitor<Response>() {
            @Override
            public Response accepted(CommandOutcome.Accepted accepted) {
                CommandAnswer answer = format.accepted(accepted.streams());
                return CommandHeaders.toResponse(new CommandAnswer(answer.status(),
                        answer.body().copy().put("position", accepted.position()), answer.location(),
                        answer.version(), false));
            }

            @Override
            public Response rejected(CommandOutcome.Rejected rejected) {
                return CommandHeaders.toResponse(format.rejected(rejected.rejection(), context.correlationId()));
            }

            @Override
            public Response preconditionFailed(CommandOutcome.PreconditionFailed stale) {
                throw new PreconditionFailed(stale.streamId(), stale.expected(), stale.actual());
            }

            @Override
            public Response replayed(CommandOutcome.Replayed replayed) {
                return CommandHeaders.toResponse(replayed.answer());
            }

            @Override
            public Response keyReused(CommandOutcome.KeyReused reused) {
                throw new IdempotencyKeyReused(reused.idempotencyKey());
            }

            @Override
            public Response tooMuchContention(CommandOutcome.TooMuchContention contention) {
                throw new TooMuchContention(contention.streamId(), contention.attempts());
            }
        });
    }

    /** Every command's rejection is the same problem answer. */
    private abstract static class Answers implements AnswerFormat {
        @Override
        public CommandAnswer rejected(DomainRejection rejection, String correlationId) {
            return Rejections.answer(rejection, correlationId);
        }
    }

    /** A command on one account: its id and new version, the version also as ETag. */
    private static final class OnAccount extends Answers {
        private final int status;
        private final String location;

        OnAccount(int status, String location) {
            this.status = status;
            this.location = location;
        }

        @Override
        public CommandAnswer accepted(List<Appended> streams) {
            Appended account = streams.get(0);
            JsonObject body = new JsonObject().put("accountId", account.streamId()).put("version", account.version());
            return new CommandAnswer(status, body, location, account.version(), false);
        }
    }
}
