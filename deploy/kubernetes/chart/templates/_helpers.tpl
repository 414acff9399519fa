{{- define "tally.name" -}}
{{- printf "%s-%s" .root.Release.Name .component | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{- define "tally.labels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/part-of: tally
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end }}

{{- define "tally.selectorLabels" -}}
app.kubernetes.io/name: {{ .component }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* Pods of any of the four services of this release (for the engines' NetworkPolicies). */}}
{{- define "tally.anyServiceSelector" -}}
matchLabels:
  app.kubernetes.io/instance: {{ .Release.Name }}
  app.kubernetes.io/part-of: tally
matchExpressions:
  - key: app.kubernetes.io/name
    operator: In
    values: [write-side, accounts-view, backoffice-view, audit-view]
{{- end }}

{{- define "tally.image" -}}
{{- $v := .root.Values.image -}}
{{- $tag := $v.tag | default $v.flavour -}}
{{- if $v.registry -}}{{ printf "%s/%s:%s" $v.registry .image $tag }}{{- else -}}{{ printf "%s:%s" .image $tag }}{{- end -}}
{{- end }}

{{- define "tally.kafkaBootstrap" -}}
{{ .Values.kafka.clusterName }}-kafka-bootstrap:9093
{{- end }}

{{- define "tally.dlqTopic" -}}
{{ .root.Values.kafka.topic.name }}.dlq.{{ .view }}
{{- end }}

{{/* A DNS-1123 name for a Kafka topic name (KafkaTopic metadata.name; spec.topicName keeps the real one). */}}
{{- define "tally.topicResourceName" -}}
{{ . | replace "." "-" | replace "_" "-" | lower | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "tally.kafkaUser" -}}
{{ printf "%s-%s" .root.Release.Name .component }}
{{- end }}
