{{/*
The four services as built: what the chart does not let values change because the images fix it. The names match
each service's application.properties (tally.projection.view, .group-id), read by the chart's tests.
*/}}
{{- define "tally.catalog" -}}
write-side:
  key: writeSide
  image: tally-write-side
  port: 8080
  dbRole: tally_write_side
  schemas: [eventstore, ledger]
accounts-view:
  key: accountsView
  image: tally-accounts-view
  port: 8081
  dbRole: tally_accounts_view
  view: accounts_view
  group: tally-accounts-view
backoffice-view:
  key: backofficeView
  image: tally-backoffice-view
  port: 8082
  dbRole: tally_backoffice_view
  view: backoffice_view
  group: tally-backoffice-view
audit-view:
  key: auditView
  image: tally-audit-view
  port: 8083
  dbRole: tally_audit_view
  view: audit_view
  group: tally-audit-view
{{- end }}

{{/* The three read services, in catalog form. */}}
{{- define "tally.views" -}}
{{- $views := dict -}}
{{- range $name, $svc := fromYaml (include "tally.catalog" .) -}}
{{- if $svc.view -}}{{- $_ := set $views $name $svc -}}{{- end -}}
{{- end -}}
{{- toYaml $views -}}
{{- end }}

{{/* 'accounts_view', 'audit_view', 'backoffice_view' (SQL literals). */}}
{{- define "tally.viewSchemaList" -}}
{{- $names := list -}}
{{- range $name, $svc := fromYaml (include "tally.views" .) -}}
{{- $names = append $names (printf "'%s'" $svc.view) -}}
{{- end -}}
{{- join ", " $names -}}
{{- end }}
