package dev.tally.ledger.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.eventstore.EventStore;
import dev.tally.eventstore.RecordedEvent;
import dev.tally.events.AccountOpened;
import dev.tally.events.EventTypes;
import dev.tally.events.MoneyDeposited;
import dev.tally.events.MoneyWithdrawn;
import dev.tally.fingerprint.AccountFingerprint;
import dev.tally.ledger.app.AccountStreams;
import dev.tally.ledger.consistency.ConsistencyReport.Conservation;
import dev.tally.ledger.consistency.ConsistencyReport.CurrencyCheck;
import dev.tally.ledger.consistency.ConsistencyReport.CurrencyDifference;
import dev.tally.ledger.consistency.ConsistencyReport.Difference;
import dev.tally.ledger.consistency.ConsistencyReport.ViewReport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The consistency auditor: compares every view with the fold of the event store and reports every difference (zero
 * in a healthy system). It takes the store's head position P, pages through the account streams (those starting with
 * AccountOpened) that existed at P in id order, folds each page with the account decider, asks each view for its fingerprint of the same id range once it
 * has applied P ({@code GET /consistency/accounts?after=&until=&minPosition=P}), and merge-joins them: an account
 * missing from a view, one the view has but the store does not, and every field the view has wrong. Then it checks
 * conservation per currency against the back office's {@code GET /totals?minPosition=P}.
 *
 * <p>The views' answers are typed at the edge ({@link ViewPage}: rows of the shared
 * {@link AccountFingerprint} contract); each row is compared field by field with {@link AccountTruth#differences},
 * on every field the view reports.
 *
 * <p>A view that is unreachable, refuses, or does not reach P in time is reported as an error of that view and makes
 * the report inconsistent. On a live system a view may already have applied events after P; each account is then
 * compared with the store at the version the view reports (any version from P's to the newest), so concurrent
 * commands do not show as differences. The totals are not versioned that way: compare them on a quiet system.
 */
@ApplicationScoped
public class ConsistencyAuditor {

    private static final Logger LOG = Logger.getLogger(ConsistencyAuditor.class);
    static final String FINGERPRINT_PATH = "/consistency/accounts";
    static final String TOTALS_PATH = "/totals";
    /** Account streams are those that start with an AccountOpened; the store may hold other kinds of streams. */
    private static final String ACCOUNT_OPENED = EventTypes.ledger().of(AccountOpened.class).name();

    private final EventStore store;
    private final AccountStreams streams;
    private final ViewClient client;
    private final ConsistencyConfig config;
    private final AuditMetrics metrics;

    ConsistencyAuditor(EventStore store, AccountStreams streams, ViewClient client, ConsistencyConfig config,
                       AuditMetrics metrics) {
        this.store = store;
        this.streams = streams;
        this.client = client;
        this.config = config;
        this.metrics = metrics;
    }

    /** Runs one complete check; {@code authorization} (the caller's header) is forwarded to the views. */
    public Uni<ConsistencyReport> audit(String authorization) {
        return store.headPosition().chain(position -> {
            Audit audit = new Audit(position, authorization, List.of(
                    new ViewCheck("accounts-view", config.accountsViewUrl()),
                    new ViewCheck("backoffice-view", config.backofficeViewUrl()),
                    new ViewCheck("audit-view", config.auditViewUrl())));
            return page(audit, "").chain(() -> conservation(audit)).map(ignored -> audit.report());
        }).invoke(metrics::audited);
    }

    /** The page of streams after {@code after}, then (recursively) the next one. */
    private Uni<Void> page(Audit audit, String after) {
        int size = config.pageSize();
        return store.streamIds(after, audit.position, size, ACCOUNT_OPENED).chain(ids -> {
            boolean lastPage = ids.size() < size;
            // The last page's range is open-ended, so accounts a view has beyond the store's last id show up.
            String until = lastPage ? null : ids.get(ids.size() - 1);
            Uni<Map<String, AccountTruth>> truth = store.readStreams(ids).map(events -> fold(audit, ids, events));
            List<Uni<ViewRows>> views = audit.views.stream().map(view -> rows(audit, view, after, until)).toList();
            return truth.chain(accounts -> Uni.join().all(views).andFailFast()
                            .chain(rows -> compare(audit, accounts, rows)))
                    .chain(() -> {
                        audit.accountsChecked += ids.size();
                        return lastPage ? Uni.createFrom().voidItem() : page(audit, until);
                    });
        });
    }

    private Map<String, AccountTruth> fold(Audit audit, List<String> ids, List<RecordedEvent> events) {
        Map<String, List<RecordedEvent>> byStream = new LinkedHashMap<>();
        ids.forEach(id -> byStream.put(id, new ArrayList<>()));
        for (RecordedEvent event : events) {
            byStream.computeIfAbsent(event.streamId(), id -> new ArrayList<>()).add(event);
        }
        Map<String, AccountTruth> truths = new LinkedHashMap<>();
        byStream.forEach((id, stream) -> {
            try {
                AccountTruth truth = AccountTruth.fold(id, stream, audit.position, streams::decode, (event, after) -> {
                    long[] sums = audit.sums.computeIfAbsent(after.currency(), c -> new long[3]);
                    if (event instanceof MoneyDeposited deposited) {
                        sums[0] += deposited.amount();
                    } else if (event instanceof MoneyWithdrawn withdrawn) {
                        sums[1] += withdrawn.amount();
                    }
                });
                AccountTruth.At at = truth.atPosition();
                audit.sums.computeIfAbsent(at.state().currency(), c -> new long[3])[2] += at.state().balance();
                truths.put(id, truth);
            } catch (RuntimeException e) {
                audit.broken.add(id);
                audit.storeProblems.add("stream " + id + " cannot be folded: " + e.getMessage());
            }
        });
        return truths;
    }

    /** Every fingerprint row the view has in (after, until], following its pages; empty once the view has failed. */
    private Uni<ViewRows> rows(Audit audit, ViewCheck view, String after, String until) {
        if (view.error != null) {
            return Uni.createFrom().item(new ViewRows(view, List.of()));
        }
        List<AccountFingerprint> collected = new ArrayList<>();
        return fetch(audit, view, after, until, collected)
                .map(ignored -> new ViewRows(view, collected))
                .onFailure().recoverWithItem(failure -> {
                    view.error = failure.getMessage();
                    LOG.warnf("consistency check of %s: %s", view.name, view.error);
                    return new ViewRows(view, List.of());
                });
    }

    private Uni<Void> fetch(Audit audit, ViewCheck view, String after, String until,
            List<AccountFingerprint> collected) {
        int size = config.pageSize();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("after", after);
        query.put("until", until);
        query.put("limit", Integer.toString(size));
        query.put("minPosition", Long.toString(audit.position));
        return client.get(view.url, FINGERPRINT_PATH, query, audit.authorization).chain(answer -> {
            ViewPage page = parse(view, answer);
            if (page.frontier() < audit.position) {
                throw new ViewClient.ViewCallException(view.name + " answered at frontier " + page.frontier()
                        + ", below the audited position " + audit.position);
            }
            collected.addAll(page.accounts());
            if (page.accounts().size() < size) {
                return Uni.createFrom().voidItem();
            }
            String last = page.accounts().get(page.accounts().size() - 1).accountId();
            return fetch(audit, view, last, until, collected);
        });
    }

    private static ViewPage parse(ViewCheck view, JsonNode answer) {
        try {
            return ViewPage.parse(answer);
        } catch (ViewClient.ViewCallException e) {
            throw new ViewClient.ViewCallException(view.name + " " + e.getMessage());
        }
    }

    private Uni<Void> compare(Audit audit, Map<String, AccountTruth> truths, List<ViewRows> pages) {
        List<Uni<Void>> extras = new ArrayList<>();
        for (ViewRows page : pages) {
            ViewCheck view = page.view();
            if (view.error != null) {
                continue;
            }
            Set<String> seen = new HashSet<>();
            List<String> unknown = new ArrayList<>();
            for (AccountFingerprint row : page.rows()) {
                String id = row.accountId();
                if (!seen.add(id)) {
                    view.add(audit, new Difference(id, "account", "listed once", "listed twice"));
                    continue;
                }
                AccountTruth truth = truths.get(id);
                if (truth != null) {
                    view.accountsChecked++;
                    truth.differences(row).forEach(difference -> view.add(audit, difference));
                } else if (!audit.broken.contains(id)) {
                    unknown.add(id);
                }
            }
            for (String id : truths.keySet()) {
                if (!seen.contains(id)) {
                    view.add(audit, new Difference(id, "account", "present", "absent"));
                }
            }
            if (!unknown.isEmpty()) {
                // Opened after the audited position (the view may have gone further): not an extra account.
                extras.add(store.readStreams(unknown).invoke(events -> {
                    Set<String> openedLater = new HashSet<>();
                    events.stream().filter(event -> event.streamVersion() == 1 && event.position() > audit.position)
                            .forEach(event -> openedLater.add(event.streamId()));
                    unknown.stream().filter(id -> !openedLater.contains(id))
                            .forEach(id -> view.add(audit, new Difference(id, "account", "absent", "present")));
                }).replaceWithVoid());
            }
        }
        return extras.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(extras).andFailFast().replaceWithVoid();
    }

    private Uni<Void> conservation(Audit audit) {
        String url = config.backofficeViewUrl();
        return client.get(url, TOTALS_PATH, Map.of("minPosition", Long.toString(audit.position)), audit.authorization)
                .map(totals -> {
                    Map<String, long[]> view = new TreeMap<>();
                    for (JsonNode currency : totals) {
                        view.put(currency.path("currency").asText(), new long[] {
                                currency.path("totalDeposited").asLong(), currency.path("totalWithdrawn").asLong(),
                                currency.path("sumOfBalances").asLong()});
                    }
                    audit.conservation = conservation(url, audit.sums, view);
                    return (Void) null;
                })
                .onFailure().recoverWithItem(failure -> {
                    audit.conservation = new Conservation("backoffice-view", url, false,
                            currencyChecks(audit.sums, Map.of()), List.of(), failure.getMessage());
                    return null;
                });
    }

    private static Conservation conservation(String url, Map<String, long[]> store, Map<String, long[]> view) {
        List<CurrencyDifference> differences = new ArrayList<>();
        Set<String> currencies = new java.util.TreeSet<>(store.keySet());
        currencies.addAll(view.keySet());
        String[] names = {"deposited", "withdrawn", "sumOfBalances"};
        for (String currency : currencies) {
            long[] expected = store.getOrDefault(currency, new long[3]);
            long[] actual = view.get(currency);
            if (expected[2] != expected[0] - expected[1]) {
                differences.add(new CurrencyDifference(currency, "store.balanced", expected[0] - expected[1],
                        expected[2]));
            }
            if (actual == null) {
                differences.add(new CurrencyDifference(currency, "currency", "present", "absent"));
                continue;
            }
            for (int i = 0; i < 3; i++) {
                if (expected[i] != actual[i]) {
                    differences.add(new CurrencyDifference(currency, names[i], expected[i], actual[i]));
                }
            }
            if (actual[2] != actual[0] - actual[1]) {
                differences.add(new CurrencyDifference(currency, "view.balanced", actual[0] - actual[1], actual[2]));
            }
        }
        return new Conservation("backoffice-view", url, differences.isEmpty(), currencyChecks(store, view),
                differences, null);
    }

    private static List<CurrencyCheck> currencyChecks(Map<String, long[]> store, Map<String, long[]> view) {
        Set<String> currencies = new java.util.TreeSet<>(store.keySet());
        currencies.addAll(view.keySet());
        return currencies.stream().map(currency -> {
            long[] s = store.getOrDefault(currency, new long[3]);
            long[] v = view.get(currency);
            return new CurrencyCheck(currency, s[0], s[1], s[2], v == null ? null : v[0], v == null ? null : v[1],
                    v == null ? null : v[2]);
        }).toList();
    }

    private record ViewRows(ViewCheck view, List<AccountFingerprint> rows) {
    }

    /** One view's progress through a check. */
    private static final class ViewCheck {
        final String name;
        final String url;
        final List<Difference> differences = new ArrayList<>();
        long accountsChecked;
        long differenceCount;
        String error;

        ViewCheck(String name, String url) {
            this.name = name;
            this.url = url;
        }

        void add(Audit audit, Difference difference) {
            differenceCount++;
            if (differences.size() < audit.maxDifferences) {
                differences.add(difference);
            }
        }

        ViewReport report() {
            return new ViewReport(name, url, accountsChecked, differenceCount, List.copyOf(differences), error);
        }
    }

    /** The state of one check (one request; pages run one after the other, so no synchronisation is needed). */
    private final class Audit {
        final long position;
        final String authorization;
        final List<ViewCheck> views;
        final int maxDifferences = config.maxDifferences();
        /** Per currency: deposited, withdrawn, sum of balances, as of the position. */
        final Map<String, long[]> sums = new TreeMap<>();
        final Set<String> broken = new HashSet<>();
        final List<String> storeProblems = new ArrayList<>();
        long accountsChecked;
        Conservation conservation;

        Audit(long position, String authorization, List<ViewCheck> views) {
            this.position = position;
            this.authorization = authorization;
            this.views = views;
        }

        ConsistencyReport report() {
            List<ViewReport> reports = views.stream().map(ViewCheck::report).toList();
            long differences = views.stream().mapToLong(v -> v.differenceCount).sum()
                    + conservation.differences().size() + storeProblems.size();
            boolean consistent = differences == 0 && conservation.holds() && conservation.error() == null
                    && views.stream().allMatch(v -> v.error == null);
            return new ConsistencyReport(position, accountsChecked, consistent, differences, reports, conservation,
                    storeProblems.isEmpty() ? null : List.copyOf(storeProblems));
        }
    }
}
