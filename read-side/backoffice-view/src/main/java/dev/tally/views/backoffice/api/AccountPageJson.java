package dev.tally.views.backoffice.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/** One page of a search: {@code total} counts every matching account, {@code items} the ones on this page. */
@RegisterForReflection
public record AccountPageJson(int page, int size, long total, List<AccountJson> items) {
}
