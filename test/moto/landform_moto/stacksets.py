"""Stack sets whose instances follow the set (moto stays synchronous).

moto 5.2.1 creates and deletes stack instances, but UpdateStackSet only stores
the new template: no instance's stack is updated, and instances created later
still get the set's first template. UpdateStackInstances only stores the
parameter overrides. Every instance reads CURRENT and every operation
SUCCEEDED, even when the instance's stack failed and rolled back, and
ListStackSetOperationResults invents one SUCCEEDED row per target. This module
makes them do what the StackSets API reference describes
(https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_UpdateStackSet.html,
API_StackInstanceSummary.html, API_StackSetOperationResultSummary.html):

* UpdateStackSet updates the stack of every instance (or of those in
  Accounts x Regions when given) to the new template, parameters and tags,
  through the plugin's stack lifecycle; instances created afterwards get the
  set's current template;
* UpdateStackInstances re-deploys the named instances with the set's template;
* an instance whose stack did not reach CREATE_COMPLETE / UPDATE_COMPLETE is
  OUTDATED, DetailedStatus FAILED, with a StatusReason naming the failed
  resource ("ResourceLogicalId:P, ResourceType:AWS::SSM::Parameter,
  ResourceStatusReason:..."); updating it again re-creates a stack whose first
  create failed;
* an operation ends FAILED when more instances failed than
  OperationPreferences.FailureToleranceCount / FailureTolerancePercentage
  allow (default 0); ListStackSetOperationResults lists each instance of the
  operation with its own Status and StatusReason;
* StackId of an instance is its stack's id (moto made up a new one per call).

Still moto: operations finish inside the call (never RUNNING), every target is
attempted whatever the tolerance (AWS stops and CANCELs the rest),
MaxConcurrent*/RegionOrder/RegionConcurrencyType have no visible effect,
RetainStacks is ignored, roles are never checked.
"""

import threading
import uuid

from moto.cloudformation import models as cfn_models
from moto.cloudformation import responses as cfn_responses
from moto.core.responses import ActionResult

StackSet = cfn_models.StackSet
StackInstance = cfn_models.StackInstance
Response = cfn_responses.CloudFormationResponse

# OperationPreferences of the request being answered (moto_server is threaded;
# serial.py runs one request at a time, the thread-local keeps it honest).
_request = threading.local()

DONE = ("CREATE_COMPLETE", "UPDATE_COMPLETE")


def _preferences():
    return getattr(_request, "preferences", None) or {}


def _failure_reason(stack):
    """AWS's StatusReason of an instance: the first failed resource of its stack."""
    for event in stack.events:
        status = event.resource_status or ""
        if status.endswith("_FAILED") and event.logical_resource_id != stack.name:
            return (
                f"ResourceLogicalId:{event.logical_resource_id}, ResourceType:{event.resource_type}, "
                f"ResourceStatusReason:{event.resource_status_reason}."
            )
    return f"Stack {stack.name} is {stack.status}: {stack.status_reason or 'no reason given'}"


def _record(instance):
    """Set the instance's outcome from its stack; return its operation result row."""
    stack = instance.stack
    if stack.status in DONE:
        instance.lf_reason = None
        status = "SUCCEEDED"
    else:
        instance.lf_reason = _failure_reason(stack)
        status = "FAILED"
    return {"Account": instance.account_id, "Region": instance.region_name, "Status": status,
            "StatusReason": instance.lf_reason}


def _finish(stackset, operation_id, action, results):
    """Record an operation over results, FAILED past the failure tolerance."""
    failed = sum(1 for r in results if r["Status"] == "FAILED")
    prefs = _preferences()
    tolerated = int(prefs.get("FailureToleranceCount") or 0)
    if prefs.get("FailureTolerancePercentage") and results:
        tolerated = int(len(results) * int(prefs["FailureTolerancePercentage"]) / 100)
    status = "FAILED" if failed > tolerated else "SUCCEEDED"
    operation = stackset._create_operation(operation_id=operation_id or str(uuid.uuid4()), action=action, status=status)
    operation["Instances"] = [{r["Account"]: r["Region"]} for r in results]
    operation["EndTimestamp"] = operation["CreationTimestamp"]  # moto: two minutes later
    operation["lf_results"] = results
    return operation


def _targets(stackset, accounts, regions):
    return [
        i
        for i in stackset.stack_instances
        if (not accounts or i.account_id in accounts) and (not regions or i.region_name in regions)
    ]


def _parameters(stackset, instance):
    params = dict(stackset.parameters or {})
    for p in instance.parameters or []:
        params[p["ParameterKey"]] = p["ParameterValue"]
    return params


def _redeploy(stackset, instance, tags):
    """Bring the instance's stack to the set's template; return the instance now in the set."""
    instance.template = stackset.template
    stack = instance.stack
    if stack.status in ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED"):
        # A stack whose first create failed cannot be updated: start it afresh.
        instance.delete()
        fresh = StackInstance(
            account_id=instance.account_id,
            region_name=instance.region_name,
            stackset_id=instance.stackset_id,
            stack_name=instance.stack_name,
            name=instance.name,
            template=stackset.template,
            parameters=instance.parameters,
            permission_model=instance.permission_model,
        )
        stackset.stack_instances[stackset.stack_instances.index(instance)] = fresh
        return fresh
    stack.update(stackset.template, parameters=_parameters(stackset, instance), tags=tags or None)
    return instance


# --- StackSet methods -------------------------------------------------------


def create_stack_instances(self, accounts, regions, deployment_targets, parameters):
    before = list(self.stack_instances)
    self.instances.template = self.template
    operation_id = _orig_create_stack_instances(self, accounts, regions, deployment_targets, parameters)
    self.operations = [op for op in self.operations if op["OperationId"] != operation_id]
    fresh = [i for i in self.stack_instances if i not in before]
    _finish(self, operation_id, "CREATE", [_record(i) for i in fresh])
    return operation_id


def update(self, template, description, parameters, tags, admin_role, execution_role, accounts, regions, operation_id):
    self.template = template or self.template
    self.description = description if description is not None else self.description
    self.parameters = parameters or self.parameters
    self.tags = tags or self.tags
    self.administration_role_arn = admin_role or self.administration_role_arn
    self.execution_role_name = execution_role or self.execution_role_name
    self.instances.template = self.template
    results = []
    for instance in _targets(self, accounts, regions):
        results.append(_record(_redeploy(self, instance, self.tags)))
    return _finish(self, operation_id, "UPDATE", results)


def update_instances(self, accounts, regions, parameters):
    results = []
    for instance in _targets(self, accounts, regions):
        if parameters:
            instance.parameters = parameters
        results.append(_record(_redeploy(self, instance, self.tags)))
    return _finish(self, None, "UPDATE", results)


def delete_stack_instances(self, accounts, regions):
    gone = _targets(self, accounts, regions)
    self.instances.delete(accounts, regions)
    results = [{"Account": i.account_id, "Region": i.region_name, "Status": "SUCCEEDED", "StatusReason": None} for i in gone]
    _finish(self, None, "DELETE", results)


def instance_to_dict(self):
    out = _orig_to_dict(self)
    out["StackId"] = self.stack.stack_id
    reason = getattr(self, "lf_reason", None)
    if reason:
        out["Status"] = "OUTDATED"
        out["StatusReason"] = reason
        out["StackInstanceStatus"] = {"DetailedStatus": "FAILED"}
    return out


# --- responses --------------------------------------------------------------


def _with_preferences(action):
    def wrapped(self):
        _request.preferences = self._get_param("OperationPreferences") or {}
        try:
            return action(self)
        finally:
            _request.preferences = None

    return wrapped


def list_stack_set_operation_results(self):
    operation = self.cloudformation_backend.list_stack_set_operation_results(
        self._get_param("StackSetName"), self._get_param("OperationId")
    )
    rows = operation.get("lf_results")
    if rows is None:
        return _orig_list_results(self)
    summaries = []
    for r in rows:
        row = {"Account": r["Account"], "Region": r["Region"], "Status": r["Status"],
               "AccountGateResult": {"Status": "SKIPPED", "StatusReason": "No account gate function configured"}}
        if r["StatusReason"]:
            row["StatusReason"] = r["StatusReason"]
        summaries.append(row)
    return ActionResult({"Summaries": summaries})


_orig_create_stack_instances = StackSet.create_stack_instances
_orig_to_dict = StackInstance.to_dict
_orig_list_results = Response.list_stack_set_operation_results


def install():
    StackSet.create_stack_instances = create_stack_instances
    StackSet.update = update
    StackSet.update_instances = update_instances
    StackSet.delete_stack_instances = delete_stack_instances
    StackInstance.to_dict = instance_to_dict
    for name in ("create_stack_instances", "update_stack_set", "update_stack_instances", "delete_stack_instances"):
        setattr(Response, name, _with_preferences(getattr(Response, name)))
    Response.list_stack_set_operation_results = list_stack_set_operation_results
