-- Argo CD health check for schemawright.io/DatabaseSchema (docs/gitops.md).
-- Install it under resource.customizations.health.schemawright.io_DatabaseSchema in argocd-cm.
-- Reads the kstatus conditions the operator writes:
--   Progressing  the operator has not seen this generation yet, or Reconciling / Backfilling is True;
--   Degraded     Stalled is True (the operator retries no more: see the condition's message);
--   Suspended    ApprovalRequired is True (waiting for approval or for the application switch),
--                or the resource is in mode PlanOnly;
--   Healthy      Ready is True (the live schema matches the document).
local hs = {status = "Progressing", message = "waiting for the schemawright operator"}

local function condition(conditions, kind)
  if conditions == nil then return nil end
  for _, c in ipairs(conditions) do
    if c.type == kind then return c end
  end
  return nil
end

local function is_true(c)
  return c ~= nil and c.status == "True"
end

local function say(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then return c.message end
  return fallback
end

if obj.status == nil then
  return hs
end
local conditions = obj.status.conditions
local generation = obj.metadata and obj.metadata.generation
local observed = obj.status.observedGeneration

if generation ~= nil and observed ~= generation then
  hs.message = "the operator has not reconciled generation " .. tostring(generation) .. " yet"
  return hs
end

local stalled = condition(conditions, "Stalled")
if is_true(stalled) then
  hs.status = "Degraded"
  hs.message = say(stalled, "stalled: " .. tostring(stalled.reason))
  return hs
end

local backfilling = condition(conditions, "Backfilling")
if is_true(backfilling) then
  hs.message = say(backfilling, "backfilling")
  return hs
end

local reconciling = condition(conditions, "Reconciling")
if is_true(reconciling) then
  hs.message = say(reconciling, "reconciling")
  return hs
end

local approval = condition(conditions, "ApprovalRequired")
if is_true(approval) then
  hs.status = "Suspended"
  hs.message = say(approval, "waiting for approval")
  return hs
end

local ready = condition(conditions, "Ready")
if is_true(ready) then
  hs.status = "Healthy"
  hs.message = say(ready, "the live schema matches the document")
  local drifted = condition(conditions, "Drifted")
  if is_true(drifted) then
    hs.message = hs.message .. " (drift: " .. say(drifted, "changed outside schemawright") .. ")"
  end
  return hs
end

if ready ~= nil and ready.reason == "PlanOnly" then
  hs.status = "Suspended"
  hs.message = say(ready, "mode PlanOnly: nothing is applied")
  return hs
end

return hs
