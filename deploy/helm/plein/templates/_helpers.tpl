{{/* Name of the release's resources: <release>-plein, or the release name when it already says plein. */}}
{{- define "plein.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Name of one service's resources. Call with (dict "root" $ "name" "feed"). */}}
{{- define "plein.serviceName" -}}
{{- printf "%s-%s" (include "plein.fullname" .root) .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "plein.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: plein
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end -}}

{{/* Selector labels of one service's pods. Call with (dict "root" $ "name" "feed"). */}}
{{- define "plein.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{/* One service's settings: the chart defaults merged under the service's own entry. */}}
{{- define "plein.service" -}}
{{- $svc := index .root.Values.services .name -}}
{{- toYaml (mergeOverwrite (deepCopy .root.Values.defaults) (deepCopy $svc)) -}}
{{- end -}}

{{- define "plein.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The in-cluster URL of the identity service, for JWKS. */}}
{{- define "plein.identityUrl" -}}
{{- printf "http://%s:%v" (include "plein.serviceName" (dict "root" . "name" "identity")) .Values.services.identity.port -}}
{{- end -}}

{{/* Checks the values every install needs and stops the render naming the missing one. */}}
{{- define "plein.validate" -}}
{{- $_ := required "kafka.brokers is required: the brokers' host:port list, e.g. kafka-0.kafka:9092" .Values.kafka.brokers -}}
{{- if not (or .Values.mongodb.uri .Values.mongodb.uriSecret.name) -}}
{{- fail "mongodb.uri or mongodb.uriSecret (name, key) is required" -}}
{{- end -}}
{{- if and .Values.services.profiles.enabled (not .Values.elasticsearch.url) -}}
{{- fail "elasticsearch.url is required while services.profiles is enabled" -}}
{{- end -}}
{{- if .Values.services.identity.enabled -}}
{{- $_ := required "services.identity.publicUrl is required: where people reach identity, e.g. https://plein.example.org" .Values.services.identity.publicUrl -}}
{{- $_ := required "services.identity.config.OIDC_ISSUER is required" .Values.services.identity.config.OIDC_ISSUER -}}
{{- $_ := required "services.identity.config.OIDC_CLIENT_ID is required" .Values.services.identity.config.OIDC_CLIENT_ID -}}
{{- end -}}
{{- end -}}
