{{/* The release's full name, at most 63 characters. */}}
{{- define "schemawright.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "schemawright.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* Labels that select the operator's pod. */}}
{{- define "schemawright.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The service account's name. */}}
{{- define "schemawright.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "schemawright.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The rules a watched namespace needs: our resources, their status, events, reading Secrets (the database
URL) and ConfigMaps (spec.sqlFrom). */}}
{{- define "schemawright.namespacedRules" -}}
- apiGroups: ["schemawright.io"]
  resources: ["databaseschemas"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["schemawright.io"]
  resources: ["databaseschemas/status"]
  verbs: ["get", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create"]
- apiGroups: [""]
  resources: ["secrets"]
  {{- with .Values.rbac.secretNames }}
  verbs: ["get"]
  resourceNames:
    {{- toYaml . | nindent 4 }}
  {{- else }}
  # list/watch: fleets (spec.database.secretSelector) select Secrets by label and follow them joining and leaving
  verbs: ["get", "list", "watch"]
  {{- end }}
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["get"]
{{- end -}}
