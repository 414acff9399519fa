package dev.tally.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The console's pages and fragments ({@code templates/console/*.html}), checked against these types at build time. */
@CheckedTemplate(basePath = "console")
final class Templates {

    private Templates() {}

    /** {@code problem}: the reason is a refusal (shown as an error), not just "sign in". */
    static native TemplateInstance login(String message, String detail, boolean problem);

    static native TemplateInstance overview(String user);

    static native TemplateInstance overviewPanels(List<Panels.Health> services, Panels.Relay relay,
                                                  List<Panels.View> views);

    static native TemplateInstance rebuildStarted(String view, String message, boolean ok);

    static native TemplateInstance consistency(String user);

    static native TemplateInstance auditReport(Panels.Audit report);

    static native TemplateInstance account(String user, String accountId, Panels.Stream stream,
                                           List<Panels.ViewRow> views);

    static native TemplateInstance tail(String user);

    static native TemplateInstance tailRow(Panels.TailEvent event);
}
