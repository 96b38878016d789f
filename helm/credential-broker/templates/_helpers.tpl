{{/*
The chart's name, or nameOverride.
*/}}
{{- define "credential-broker.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
The full name of the release's objects: fullnameOverride, or <release>-<chart> unless the release
name already holds the chart's name.
*/}}
{{- define "credential-broker.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "credential-broker.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "credential-broker.labels" -}}
helm.sh/chart: {{ include "credential-broker.chart" . }}
{{ include "credential-broker.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "credential-broker.selectorLabels" -}}
app.kubernetes.io/name: {{ include "credential-broker.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "credential-broker.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "credential-broker.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name must name an existing ServiceAccount when serviceAccount.create is false" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "credential-broker.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag | toString) }}
{{- end }}
{{- end }}

{{/*
The ConfigMap holding the policy: the existing one, or the chart's.
*/}}
{{- define "credential-broker.policyConfigMapName" -}}
{{- if .Values.broker.policy.existingConfigMap }}
{{- .Values.broker.policy.existingConfigMap }}
{{- else }}
{{- printf "%s-policy" (include "credential-broker.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* Where the policy ConfigMap is mounted, and the file the broker reads in it. */}}
{{- define "credential-broker.policyDirectory" -}}
/etc/credential-broker/policies
{{- end }}

{{- define "credential-broker.policyFile" -}}
policies.yaml
{{- end }}

{{/*
Whether the pods use workload identity: "true", or empty.
*/}}
{{- define "credential-broker.workloadIdentity" -}}
{{- if .Values.azure.workloadIdentity.clientId }}true{{ end }}
{{- end }}

{{/*
The Secret holding the broker's two keys: the existing one, or the chart's, which holds them as
chain-key and fingerprint-key.
*/}}
{{- define "credential-broker.keysSecretName" -}}
{{- if .Values.broker.keys.existingSecret }}
{{- .Values.broker.keys.existingSecret }}
{{- else }}
{{- printf "%s-keys" (include "credential-broker.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{/* The keys' names in that Secret. */}}
{{- define "credential-broker.chainKeyItem" -}}
{{- if .Values.broker.keys.existingSecret }}{{ .Values.broker.keys.existingSecretKeys.chainKey }}{{ else }}chain-key{{ end }}
{{- end }}

{{- define "credential-broker.fingerprintKeyItem" -}}
{{- if .Values.broker.keys.existingSecret }}{{ .Values.broker.keys.existingSecretKeys.fingerprintKey }}{{ else }}fingerprint-key{{ end }}
{{- end }}

{{/*
Where the keys are mounted: a config tree, one file per key, named as the property it sets.
*/}}
{{- define "credential-broker.keysDirectory" -}}
/etc/credential-broker/keys
{{- end }}

{{/*
How many pods share the fleet's ARM budget: the autoscaler's maximum, or the fixed replica count.
*/}}
{{- define "credential-broker.budgetShares" -}}
{{- if .Values.autoscaling.enabled }}
{{- .Values.autoscaling.maxReplicas | int }}
{{- else }}
{{- .Values.replicaCount | int }}
{{- end }}
{{- end }}

{{/*
Whether the pods share cache, budget and quotas in Redis: "true", or empty.
*/}}
{{- define "credential-broker.redisFleet" -}}
{{- if eq .Values.fleet.mode "redis" }}true{{ end }}
{{- end }}

{{/* Where the fleet's sealing keys and the Redis password are mounted. */}}
{{- define "credential-broker.fleetKeyDirectory" -}}
/etc/credential-broker/fleet
{{- end }}

{{- define "credential-broker.redisPasswordDirectory" -}}
/etc/credential-broker/redis
{{- end }}

{{/*
One pod's permits a second: the fleet's rate over the shares, floored to a thousandth, at least one
thousandth, so that the pods together never exceed the fleet's rate. In redis fleet mode the pods
share one budget in Redis: each is given the fleet's.
*/}}
{{- define "credential-broker.podRatePerSecond" -}}
{{- if include "credential-broker.redisFleet" . }}
{{- .Values.broker.arm.budget.fleetRatePerSecond }}
{{- else }}
{{- $shares := include "credential-broker.budgetShares" . | float64 }}
{{- $rate := divf .Values.broker.arm.budget.fleetRatePerSecond $shares }}
{{- $milli := floor (mulf $rate 1000) }}
{{- maxf 0.001 (divf $milli 1000) }}
{{- end }}
{{- end }}

{{/*
One pod's bucket: the fleet's burst over the shares, floored, at least 1; the fleet's in redis mode.
*/}}
{{- define "credential-broker.podBurst" -}}
{{- if include "credential-broker.redisFleet" . }}
{{- .Values.broker.arm.budget.fleetBurst | int }}
{{- else }}
{{- $shares := include "credential-broker.budgetShares" . | int }}
{{- max 1 (div (.Values.broker.arm.budget.fleetBurst | int) $shares) }}
{{- end }}
{{- end }}

{{/*
application.yaml of the broker: everything but the policy and the keys, which it imports from their
mounted files. A change to it rolls the pods (checksum/config).
*/}}
{{- define "credential-broker.applicationConfig" -}}
{{- $b := .Values.broker -}}
server:
  port: {{ .Values.service.port | int }}
management:
  server:
    port: {{ .Values.service.managementPort | int }}
  endpoints:
    web:
      exposure:
        include: health,info,prometheus,sbom
  endpoint:
    health:
      probes:
        enabled: true
broker:
  security:
    issuers: {{ $b.security.issuers | toJson }}
    audiences: {{ $b.security.audiences | toJson }}
    clock-skew: {{ $b.security.clockSkew | quote }}
  policy:
    location: {{ printf "file:%s/%s" (include "credential-broker.policyDirectory" .) (include "credential-broker.policyFile" .) | quote }}
    reload-interval: {{ $b.policy.reloadInterval | quote }}
  arm:
    endpoint: {{ $b.arm.endpoint | quote }}
    scope: {{ $b.arm.scope | quote }}
    api-versions:
      workspaces: {{ $b.arm.apiVersions.workspaces | quote }}
      computes: {{ $b.arm.apiVersions.computes | quote }}
      online-endpoints: {{ $b.arm.apiVersions.onlineEndpoints | quote }}
      batch-endpoints: {{ $b.arm.apiVersions.batchEndpoints | quote }}
      serverless-endpoints: {{ $b.arm.apiVersions.serverlessEndpoints | quote }}
      connections: {{ $b.arm.apiVersions.connections | quote }}
      datastores: {{ $b.arm.apiVersions.datastores | quote }}
    datastores:
      expire-after-hours: {{ $b.arm.datastores.expireAfterHours | int }}
    connect-timeout: {{ $b.arm.connectTimeout | quote }}
    response-timeout: {{ $b.arm.responseTimeout | quote }}
    budget:
      rate-per-second: {{ include "credential-broker.podRatePerSecond" . }}
      burst: {{ include "credential-broker.podBurst" . }}
      max-wait: {{ $b.arm.budget.maxWait | quote }}
  cache:
    ttl: {{ $b.cache.ttl | quote }}
    max-stale: {{ $b.cache.maxStale | quote }}
    max-entries: {{ $b.cache.maxEntries | int64 }}
    negative-ttl: {{ $b.cache.negativeTtl | quote }}
  {{- $fleet := .Values.fleet }}
  fleet:
    mode: {{ $fleet.mode | quote }}
    {{- if include "credential-broker.redisFleet" . }}
    local-ttl: {{ $fleet.localTtl | quote }}
    expected-replicas: {{ include "credential-broker.budgetShares" . }}
    encryption-key: {{ printf "%s/%s" (include "credential-broker.fleetKeyDirectory" .) $fleet.encryptionKey.currentKey | quote }}
    previous-encryption-key: {{ printf "%s/%s" (include "credential-broker.fleetKeyDirectory" .) $fleet.encryptionKey.previousKey | quote }}
    {{- if $fleet.redis.entraId.enabled }}
    entra-id:
      enabled: true
      {{- with $fleet.redis.entraId.objectId }}
      username: {{ . | quote }}
      {{- end }}
    {{- end }}
    {{- end }}
  audit:
    sink: {{ $b.audit.sink | quote }}
    {{- if eq $b.audit.sink "file" }}
    file:
      path: {{ required "broker.audit.file.path is required with the file sink" $b.audit.file.path | quote }}
    {{- end }}
resilience4j:
  timelimiter:
    instances:
      arm:
        timeout-duration: {{ $b.resilience.timeout | quote }}
  retry:
    instances:
      arm:
        max-attempts: {{ $b.resilience.retryMaxAttempts | int }}
  circuitbreaker:
    instances:
      arm:
        wait-duration-in-open-state: {{ $b.resilience.circuitBreakerWaitInOpenState | quote }}
  bulkhead:
    instances:
      arm:
        max-concurrent-calls: {{ $b.resilience.bulkheadMaxConcurrentCalls | int }}
spring:
  config:
    {{- if and (include "credential-broker.redisFleet" .) (not .Values.fleet.redis.entraId.enabled) }}
    import: {{ printf "configtree:%s/,configtree:%s/" (include "credential-broker.keysDirectory" .) (include "credential-broker.redisPasswordDirectory" .) | quote }}
    {{- else }}
    import: {{ printf "configtree:%s/" (include "credential-broker.keysDirectory" .) | quote }}
    {{- end }}
  {{- if include "credential-broker.redisFleet" . }}
  data:
    redis:
      host: {{ .Values.fleet.redis.host | quote }}
      port: {{ .Values.fleet.redis.port | int }}
      ssl:
        enabled: {{ .Values.fleet.redis.tls }}
  {{- end }}
  cloud:
    azure:
      credential:
        managed-identity-enabled: {{ .Values.azure.managedIdentity.enabled }}
        {{- with (default .Values.azure.workloadIdentity.clientId .Values.azure.managedIdentity.clientId) }}
        client-id: {{ . | quote }}
        {{- end }}
{{- end }}

{{/*
Refuses combinations of values that the schema cannot express.
*/}}
{{- define "credential-broker.validate" -}}
{{- if and .Values.autoscaling.enabled (gt (.Values.autoscaling.minReplicas | int) (.Values.autoscaling.maxReplicas | int)) }}
{{- fail (printf "autoscaling.minReplicas (%v) must not exceed autoscaling.maxReplicas (%v)" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) }}
{{- end }}
{{- if and .Values.azure.managedIdentity.clientId .Values.azure.workloadIdentity.clientId (ne .Values.azure.managedIdentity.clientId .Values.azure.workloadIdentity.clientId) }}
{{- fail "azure.managedIdentity.clientId differs from azure.workloadIdentity.clientId: the broker would ask for a token of an identity that is not federated with its ServiceAccount" }}
{{- end }}
{{- if eq (.Values.service.port | int) (.Values.service.managementPort | int) }}
{{- fail (printf "service.managementPort must differ from service.port (%v): on one port, health, metrics, info and the SBOM would be served where the API's callers reach" .Values.service.port) }}
{{- end }}
{{- if include "credential-broker.redisFleet" . }}
{{- if not .Values.fleet.redis.host }}
{{- fail "fleet.mode=redis needs fleet.redis.host, the cache's host name" }}
{{- end }}
{{- if not .Values.fleet.encryptionKey.existingSecret }}
{{- fail "fleet.mode=redis needs fleet.encryptionKey.existingSecret: a Secret whose key `current` holds the Base64 of 32 random bytes (openssl rand -base64 32), which seals every entry in Redis" }}
{{- end }}
{{- if and (not .Values.fleet.redis.entraId.enabled) (not .Values.fleet.redis.existingSecret) }}
{{- fail "fleet.mode=redis needs fleet.redis.entraId.enabled or fleet.redis.existingSecret (the cache's access key): Redis without authentication is refused" }}
{{- end }}
{{- end }}
{{- if eq .Values.broker.audit.sink "file" }}
{{- if not .Values.broker.audit.file.existingClaim }}
{{- fail "broker.audit.sink=file needs broker.audit.file.existingClaim, a PersistentVolumeClaim: an emptyDir goes with its pod, at every rollout and eviction, and the audit trail with it (use the stdout sink, or a claim)" }}
{{- end }}
{{- $dir := dir .Values.broker.audit.file.path }}
{{- if has $dir (list "/" "/tmp" "/config" (include "credential-broker.policyDirectory" .) (include "credential-broker.keysDirectory" .)) }}
{{- fail (printf "broker.audit.file.path needs a directory of its own, not %s" $dir) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
PromQL label matchers that pick this release's broker series: metrics.prometheusRule.selector, or
the labels the chart's ServiceMonitor gives them (the Service's namespace, and its name as job).
*/}}
{{- define "credential-broker.seriesSelector" -}}
{{- with .Values.metrics.prometheusRule.selector }}
{{- . }}
{{- else }}
{{- printf "namespace=%q, job=%q" .Release.Namespace (include "credential-broker.fullname" .) }}
{{- end }}
{{- end }}

{{/*
An alert's runbook: its section of docs/operations.md, whose anchor is the alert's name in lower
case (a Markdown heading's). Called with (list . "AlertName").
*/}}
{{- define "credential-broker.runbook" -}}
{{- $root := index . 0 }}
{{- printf "%s#%s" $root.Values.metrics.prometheusRule.runbookUrl (index . 1 | lower) }}
{{- end }}

{{/*
Labels of the `helm test` Pod: the release's, but not the broker's selector (its name differs),
so that neither the Service nor the Deployment ever count it as one of theirs.
*/}}
{{- define "credential-broker.testLabels" -}}
helm.sh/chart: {{ include "credential-broker.chart" . }}
app.kubernetes.io/name: {{ include "credential-broker.name" . | trunc 58 | trimSuffix "-" }}-test
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: helm-test
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}
