package dev.tally.ledger.consistency;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What the consistency auditor found: every view compared, account by account, with the fold of the event store as
 * of {@code position}, and the back office's totals with the store's conservation sums. {@code consistent} is true
 * only when every view answered, every account matched and conservation holds: an unreachable or not-caught-up view
 * is an error, never a pass.
 *
 * @param position        the store's head position when the check started; every view was asked to reach it
 * @param accountsChecked accounts (streams) in the store at that position
 * @param differenceCount all differences found, in every view and in conservation
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsistencyReport(
        long position,
        long accountsChecked,
        boolean consistent,
        long differenceCount,
        List<ViewReport> views,
        Conservation conservation,
        List<String> storeProblems) {

    /**
     * One view's comparison.
     *
     * @param accountsChecked accounts of the view compared (present in the view and the store)
     * @param differenceCount all differences found; {@code differences} lists the first ones only
     * @param error           why the view could not be checked (unreachable, not caught up, refused); null if it could
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ViewReport(String view, String url, long accountsChecked, long differenceCount,
                             List<Difference> differences, String error) {
    }

    /**
     * One field of one account that the view has wrong. {@code field} is {@code account} when the view lacks an
     * account of the store (expected "present", actual "absent") or has one the store does not (the reverse).
     */
    @RegisterForReflection
    public record Difference(String accountId, String field, Object expected, Object actual) {
    }

    /**
     * Money conservation per currency: the store's sums (deposited, withdrawn, sum of the accounts' balances) against
     * the back office's {@code GET /totals}; and in both, sum of balances == deposited - withdrawn.
     */
    @RegisterForReflection
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Conservation(String view, String url, boolean holds, List<CurrencyCheck> currencies,
                               List<CurrencyDifference> differences, String error) {
    }

    @RegisterForReflection
    public record CurrencyCheck(String currency, long deposited, long withdrawn, long sumOfBalances,
                                Long viewDeposited, Long viewWithdrawn, Long viewSumOfBalances) {
    }

    /** {@code field}: deposited, withdrawn, sumOfBalances (store vs view), or store.balanced / view.balanced. */
    @RegisterForReflection
    public record CurrencyDifference(String currency, String field, Object expected, Object actual) {
    }
}
