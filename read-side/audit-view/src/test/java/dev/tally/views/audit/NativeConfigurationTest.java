package dev.tally.views.audit;

import dev.tally.projection.conformance.ViewNativeConfigurationContract;

/** This view's native configuration, checked by the projection runtime's contract (no native build needed). */
class NativeConfigurationTest extends ViewNativeConfigurationContract {
}
