"""The stack lifecycle as CloudFormation documents it (moto stays synchronous).

moto 5.2.1 creates, updates and deletes a stack's resources inside the API
call, which is fine for tests, but it records only stack-level events, turns a
failing resource into an API error that leaves the stack CREATE_IN_PROGRESS for
ever, orphans resources whose type has no update handler, deletes in a random
order and drops a stack whose delete failed. This module replaces those few
methods with small ones that do what the CloudFormation User Guide describes:

* every resource gets ``<OP>_IN_PROGRESS`` / ``<OP>_COMPLETE`` / ``<OP>_FAILED``
  events with ResourceType, PhysicalResourceId and a ResourceStatusReason
  ("Stack status codes" and "Resource status codes" in
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/view-stack-events.html);
* a failing create rolls back: created resources are deleted in reverse order
  and the stack ends ROLLBACK_COMPLETE ("The following resource(s) failed to
  create: [X]. Rollback requested by user."), or CREATE_FAILED when
  DisableRollback / OnFailure=DO_NOTHING was asked for
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html);
* an update creates and updates first, deletes removed resources last in the
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS phase, and a failing update rolls back to
  the previous template: UPDATE_ROLLBACK_COMPLETE
  (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-updating-stacks.html);
* a type without an update handler in moto is replaced (deleted and
  re-created) instead of silently dropped from the stack;
* delete-stack deletes in reverse creation order; a resource that cannot be
  deleted leaves the stack DELETE_FAILED (it stays listed) instead of vanishing;
  termination protection is enforced;
* ExecuteChangeSet follows the same paths, refuses a change set that is not
  AVAILABLE, marks the others OBSOLETE; exports are (re)registered after
  create, update and change-set execution.

The API calls themselves return success; the outcome is in DescribeStacks and
DescribeStackEvents, as on AWS.
"""

import logging
import threading
import traceback

from moto.cloudformation import models as cfn_models
from moto.cloudformation import parsing
from moto.cloudformation.exceptions import ValidationError
from moto.core.exceptions import ServiceException

from . import registry
from .errors import CloudFormationClientError, PluginError

logger = logging.getLogger("landform_moto")

Stack = cfn_models.Stack
Backend = cfn_models.CloudFormationBackend
ResourceMap = parsing.ResourceMap

# Per-request options the response layer passes down (moto_server is threaded).
request_options = threading.local()


def _disable_rollback():
    return getattr(request_options, "disable_rollback", False)


# --- events -----------------------------------------------------------------


def _event(stack, logical_id, resource_type, physical_id, status, reason=None):
    if stack is None:
        return
    event = cfn_models.Event(
        stack_id=stack.stack_id,
        stack_name=stack.name,
        logical_resource_id=logical_id,
        physical_resource_id=physical_id,
        resource_type=resource_type,
        resource_status=status,
        resource_status_reason=reason,
        resource_properties=None,
    )
    event.sendToSns(stack.account_id, stack.region_name, stack.notification_arns)
    stack.events.append(event)


def _physical_id(resource):
    return getattr(resource, "physical_resource_id", None)


def error_code_message(error):
    """(code, message) of whatever a moto backend raised."""
    if isinstance(error, ServiceException):
        return error.code, error.message
    if hasattr(error, "error_type") and hasattr(error, "message"):
        return error.error_type, error.message  # moto's older RESTError
    return "InternalFailure", f"{type(error).__name__}: {error}"


def _reason(error, resource_type):
    if isinstance(error, PluginError):
        return error.message
    code, message = error_code_message(error)
    service = resource_type.split("::")[1].capitalize() if "::" in resource_type else resource_type
    return f'Resource handler returned message: "{message}" (Service: {service}, Error Code: {code})'


def _fail(stack, logical_id, resource_type, status, error, physical_id=None):
    """Record `error` as the failure of logical_id, once (the innermost resource wins)."""
    if getattr(error, "lf_failed", None):
        return
    try:
        error.lf_failed = (logical_id, status)
    except AttributeError:
        pass
    if not isinstance(error, (ServiceException, PluginError)) and not hasattr(error, "error_type"):
        logger.error("moto failed on %s (%s):\n%s", logical_id, resource_type, traceback.format_exc())
    _event(stack, logical_id, resource_type, physical_id, status, _reason(error, resource_type))


# --- the resource map -------------------------------------------------------
# While no operation runs, a stack's ResourceMap must not create anything: moto
# creates resources lazily on lookup, so a DescribeStackResources after a
# rollback would otherwise re-create what the rollback deleted.

_orig_getitem = ResourceMap.__getitem__
_orig_create_all = ResourceMap.create


def _getitem(self, key):
    if (
        not getattr(self, "lf_live", False)
        and key not in self._parsed_resources
        and key in self._resource_json_map
    ):
        return None
    return _orig_getitem(self, key)


def _begin(rm, stack):
    rm.lf_stack = stack
    rm.lf_live = True
    rm.lf_created = []
    if not hasattr(rm, "lf_order"):
        rm.lf_order = []


def _end(rm):
    rm.lf_live = False


def _instance(rm, logical_id):
    value = rm._parsed_resources.get(logical_id)
    if value is None or isinstance(value, (str, int, float, bool, list, dict)):
        return None
    return value


def parse_and_create_resource(logical_id, resource_json, resources_map, account_id, region_name):
    """moto's resource creation with events, failure attribution and unsupported types failing."""
    condition = resource_json.get("Condition")
    if condition and not resources_map.lazy_condition_map[condition]:
        return None
    resource_type = resource_json["Type"]
    stack = getattr(resources_map, "lf_stack", None)
    try:
        if not registry.is_supported(resource_type):
            raise PluginError(
                f"landform moto plugin: resource type {resource_type} is not supported"
            )
        # Resolves Ref/GetAtt, which creates the resources this one depends on.
        parsed = parsing.parse_resource_and_generate_name(logical_id, resource_json, resources_map)
    except Exception as error:
        _fail(stack, logical_id, resource_type, "CREATE_FAILED", error)
        raise
    if not parsed:
        return None  # a type moto deliberately ignores (WaitCondition...)
    model, cleaned_json, physical_name = parsed
    _event(stack, logical_id, resource_type, None, "CREATE_IN_PROGRESS")
    try:
        resource = model.create_from_cloudformation_json(
            physical_name,
            cleaned_json,
            account_id,
            region_name,
            LogicalId=logical_id,
            StackId=resources_map.stack_id,
            ResourceType=resource_type,
        )
    except Exception as error:
        _fail(stack, logical_id, resource_type, "CREATE_FAILED", error)
        raise
    resource.cf_resource_type = resource_type
    resource.logical_resource_id = logical_id
    if hasattr(resources_map, "lf_created"):
        resources_map.lf_created.append(logical_id)
        resources_map.lf_order.append(logical_id)
    _event(stack, logical_id, resource_type, _physical_id(resource), "CREATE_COMPLETE")
    return resource


def _update_one(stack, rm, logical_id, json_of_current):
    """Update one resource in place, or replace it when moto has no update handler."""
    resource_json = rm._resource_json_map[logical_id]
    resource_type = resource_json["Type"]
    current = _instance(rm, logical_id)
    if current is None:
        return rm[logical_id]  # was never created (condition, earlier failure): create it
    physical = _physical_id(current)
    try:
        if not registry.is_supported(resource_type):
            raise PluginError(
                f"landform moto plugin: resource type {resource_type} is not supported"
            )
        model, cleaned_json, name = parsing.parse_resource_and_generate_name(
            logical_id, resource_json, rm
        )
    except Exception as error:
        _fail(stack, logical_id, resource_type, "UPDATE_FAILED", error, physical)
        raise
    _event(stack, logical_id, resource_type, physical, "UPDATE_IN_PROGRESS")
    try:
        if registry.has_update_handler(model):
            new = model.update_from_cloudformation_json(
                original_resource=current,
                new_resource_name=name,
                cloudformation_json=cleaned_json,
                account_id=rm._account_id,
                region_name=rm._region_name,
            )
        else:
            rm._delete_resource(current, json_of_current)
            new = model.create_from_cloudformation_json(
                name,
                cleaned_json,
                rm._account_id,
                rm._region_name,
                LogicalId=logical_id,
                StackId=rm.stack_id,
                ResourceType=resource_type,
            )
    except Exception as error:
        _fail(stack, logical_id, resource_type, "UPDATE_FAILED", error, physical)
        raise
    new.cf_resource_type = resource_type
    new.logical_resource_id = logical_id
    rm._parsed_resources[logical_id] = new
    _event(stack, logical_id, resource_type, _physical_id(new), "UPDATE_COMPLETE")
    return new


def _delete_resources(stack, logical_ids, json_map, creating):
    """Delete logical_ids in the order given, retrying what a dependency blocked.

    DeletionPolicy Retain (and RetainExceptOnCreate outside a create rollback)
    gives DELETE_SKIPPED. Returns the logical ids that could not be deleted.
    """
    rm = stack.resource_map
    keep = {"Retain"} if creating else {"Retain", "RetainExceptOnCreate"}
    pending = [lid for lid in dict.fromkeys(logical_ids) if _instance(rm, lid) is not None]
    errors = {}
    while pending:
        progress = False
        for lid in list(pending):
            resource = _instance(rm, lid)
            resource_json = json_map.get(lid) or {"Type": resource.cf_resource_type}
            resource_type = resource_json["Type"]
            physical = _physical_id(resource)
            if resource_json.get("DeletionPolicy") in keep:
                _event(stack, lid, resource_type, physical, "DELETE_SKIPPED")
            else:
                if lid not in errors:
                    _event(stack, lid, resource_type, physical, "DELETE_IN_PROGRESS")
                try:
                    rm._delete_resource(resource, resource_json)
                except Exception as error:
                    errors[lid] = error
                    continue
                errors.pop(lid, None)
                _event(stack, lid, resource_type, physical, "DELETE_COMPLETE")
            rm._parsed_resources.pop(lid, None)
            if lid in getattr(rm, "lf_order", []):
                rm.lf_order.remove(lid)
            pending.remove(lid)
            progress = True
        if not progress:
            break
    for lid in pending:
        resource_type = (json_map.get(lid) or {}).get("Type", "")
        _fail(stack, lid, resource_type, "DELETE_FAILED", errors[lid], _physical_id(_instance(rm, lid)))
    return pending


def _deletion_order(rm, json_map):
    """Reverse creation order, then anything else the map holds (reverse template order)."""
    order = list(reversed(getattr(rm, "lf_order", [])))
    return order + [lid for lid in reversed(list(json_map)) if lid not in order]


# --- exports ----------------------------------------------------------------


def _register_exports(stack):
    """(Re)register the stack's Outputs exports; a name another stack exports fails."""
    backend = cfn_models.cloudformation_backends[stack.account_id][stack.region_name]
    mine = {name for name, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id}
    new = stack.exports
    for export in new:
        owner = backend.exports.get(export.name)
        if owner is not None and owner.exporting_stack_id != stack.stack_id:
            other = backend.stacks.get(owner.exporting_stack_id)
            raise ValidationError(
                message=f"Export with name {export.name} is already exported by stack "
                f"{other.name if other else owner.exporting_stack_id}"
            )
    for name in mine:
        backend.exports.pop(name, None)
    for export in new:
        backend.exports[export.name] = export


def _unregister_exports(stack):
    backend = cfn_models.cloudformation_backends[stack.account_id][stack.region_name]
    for name in [n for n, e in backend.exports.items() if e.exporting_stack_id == stack.stack_id]:
        backend.exports.pop(name)


def _failure_reason(error, verb):
    failed = getattr(error, "lf_failed", None)
    if failed:
        return f"The following resource(s) failed to {verb}: [{failed[0]}]. "
    code, message = error_code_message(error)
    if not isinstance(error, (ServiceException, PluginError)) and not hasattr(error, "error_type"):
        logger.error("moto failed during a stack operation:\n%s", traceback.format_exc())
    return f"{message}. "


# --- create -----------------------------------------------------------------


def stack_create_resources(self):
    """Stack.create_resources: create, and on failure roll back (or stop at CREATE_FAILED)."""
    rm = self.resource_map
    self.status = "CREATE_IN_PROGRESS"
    self.status_reason = None
    _begin(rm, self)
    try:
        ready = _orig_create_all(rm, self.template_dict)
        self.description = self.template_dict.get("Description")
        _register_exports(self)
    except Exception as error:
        _end(rm)
        _rollback_create(self, error)
        return
    _end(rm)
    if ready:
        self.mark_creation_complete()


def _rollback_create(stack, error):
    rm = stack.resource_map
    reason = _failure_reason(error, "create")
    _unregister_exports(stack)
    if _disable_rollback():
        stack.status = "CREATE_FAILED"
        stack.status_reason = reason.strip()
        stack._add_stack_event("CREATE_FAILED", resource_status_reason=stack.status_reason)
        return
    reason += "Rollback requested by user."
    stack.status = "ROLLBACK_IN_PROGRESS"
    stack.status_reason = reason
    stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=reason)
    failed = getattr(error, "lf_failed", None)
    if failed:
        resource_type = rm._resource_json_map.get(failed[0], {}).get("Type", "")
        _event(stack, failed[0], resource_type, None, "DELETE_COMPLETE")
    left = _delete_resources(stack, _deletion_order(rm, rm._resource_json_map), rm._resource_json_map, True)
    stack.status = "ROLLBACK_FAILED" if left else "ROLLBACK_COMPLETE"
    stack._add_stack_event(stack.status)


# --- update -----------------------------------------------------------------


def _load_template(rm, template_dict, parameters):
    rm._template = template_dict
    if parameters is not None:
        rm.input_parameters = parameters
    rm.resolved_parameters = {}
    rm.load_mapping()
    rm.load_parameters()
    rm.load_conditions()
    rm._resource_json_map = template_dict.get("Resources") or {}


def run_update(stack, template, parameters):
    """Update stack to `template`; returns True on UPDATE_COMPLETE."""
    rm = stack.resource_map
    stack._add_stack_event("UPDATE_IN_PROGRESS", resource_status_reason="User Initiated")
    stack.status = "UPDATE_IN_PROGRESS"
    stack.status_reason = None
    old = {
        "template": stack.template,
        "template_dict": stack.template_dict,
        "input_parameters": rm.input_parameters,
        "parameters": stack.parameters,
        "json_map": rm._resource_json_map,
    }
    new_dict = Stack.parse_template(template)
    diff = rm.build_resource_diff(new_dict, parameters)
    modified = []
    _begin(rm, stack)
    try:
        _load_template(rm, new_dict, parameters)
        order = rm._ResourceMap__get_resources_in_dependency_order()
        for lid in order:
            if lid in diff["Add"]:
                rm[lid]
            elif lid in diff["Modify"]:
                modified.append(lid)
                _update_one(stack, rm, lid, old["json_map"].get(lid, {}))
        stack.template = template
        stack._parse_template()
        stack.output_map = stack._create_output_map()
        _register_exports(stack)
    except Exception as error:
        created = list(rm.lf_created)
        _end(rm)
        _rollback_update(stack, error, old, new_dict, modified, created)
        return False
    _end(rm)
    if parameters:
        stack.parameters = parameters
    stack._add_stack_event("UPDATE_COMPLETE_CLEANUP_IN_PROGRESS")
    stack.status = "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS"
    removed = [lid for lid in _deletion_order(rm, old["json_map"]) if lid in diff["Remove"]]
    _delete_resources(stack, removed, old["json_map"], False)
    stack._add_stack_event("UPDATE_COMPLETE")
    stack.status = "UPDATE_COMPLETE"
    return True


def _rollback_update(stack, error, old, new_dict, modified, created):
    rm = stack.resource_map
    failed = getattr(error, "lf_failed", None)
    verb = "create" if failed and failed[1] == "CREATE_FAILED" else "update"
    reason = _failure_reason(error, verb)
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    stack.status_reason = reason.strip()
    stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=stack.status_reason)
    new_json_map = new_dict.get("Resources") or {}
    left = []
    _begin(rm, stack)
    try:
        _load_template(rm, old["template_dict"], old["input_parameters"])
        for lid in reversed(modified):
            if lid in created:
                continue
            try:
                _update_one(stack, rm, lid, new_json_map.get(lid, {}))
            except Exception:
                left.append(lid)
    finally:
        _end(rm)
    stack.template = old["template"]
    stack.template_dict = old["template_dict"]
    stack.parameters = old["parameters"]
    stack.output_map = stack._create_output_map()
    stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS")
    left += _delete_resources(stack, list(reversed(created)), new_json_map, True)
    stack.status = "UPDATE_ROLLBACK_FAILED" if left else "UPDATE_ROLLBACK_COMPLETE"
    stack._add_stack_event(stack.status)


def stack_update(self, template, role_arn=None, parameters=None, tags=None):
    """Stack.update (UpdateStack): the lifecycle above, then moto's bookkeeping."""
    run_update(self, template, parameters)
    self.role_arn = role_arn
    if tags is not None:
        self.tags = tags


# --- delete -----------------------------------------------------------------


def stack_delete(self):
    """Stack.delete: reverse creation order; True when every resource is gone."""
    rm = self.resource_map
    self._add_stack_event("DELETE_IN_PROGRESS", resource_status_reason="User Initiated")
    self.status = "DELETE_IN_PROGRESS"
    self.status_reason = None
    left = _delete_resources(self, _deletion_order(rm, rm._resource_json_map), rm._resource_json_map, False)
    if left:
        self.status = "DELETE_FAILED"
        self.status_reason = f"The following resource(s) failed to delete: [{', '.join(left)}]. "
        self._add_stack_event("DELETE_FAILED", resource_status_reason=self.status_reason)
        return False
    self._add_stack_event("DELETE_COMPLETE")
    self.status = "DELETE_COMPLETE"
    return True


def backend_delete_stack(self, name_or_stack_id):
    """DeleteStack: a stack whose resources could not all be deleted stays, DELETE_FAILED."""
    stack = self.stacks.get(name_or_stack_id)
    if stack is None:
        stack = next((s for s in self.stacks.values() if s.name == name_or_stack_id), None)
    if stack is None:
        return  # unknown or already deleted: success, as on AWS
    if stack.enable_termination_protection:
        raise ValidationError(
            message=f"Stack [{stack.name}] cannot be deleted while TerminationProtection is enabled"
        )
    if not stack.delete():
        return
    self.stacks.pop(stack.stack_id, None)
    self.deleted_stacks[stack.stack_id] = stack
    _unregister_exports(stack)
    for cs_id in [i for i, cs in self.change_sets.items() if cs.stack_id == stack.stack_id]:
        del self.change_sets[cs_id]


# --- change sets ------------------------------------------------------------


def backend_execute_change_set(self, change_set_name, stack_name=None):
    """ExecuteChangeSet through the same create/update paths as CreateStack/UpdateStack."""
    change_set = self.change_sets.get(change_set_name)
    if change_set is None:
        change_set = next(
            (
                cs
                for cs in self.change_sets.values()
                if cs.change_set_name == change_set_name
                and (not stack_name or stack_name in (cs.stack_name, cs.stack_id))
            ),
            None,
        )
    if change_set is None:
        raise CloudFormationClientError(
            "ChangeSetNotFound", f"ChangeSet [{change_set_name}] does not exist"
        )
    if change_set.execution_status != "AVAILABLE":
        raise CloudFormationClientError(
            "InvalidChangeSetStatus",
            f"ChangeSet [{change_set.change_set_id}] cannot be executed in its current "
            f"status of [{change_set.execution_status}]",
        )
    stack = self.stacks[change_set.stack_id]
    if change_set.change_set_type == "CREATE":
        stack.template = change_set.template
        stack._parse_template()
        stack.parameters = change_set.parameters
        stack.cross_stack_resources = self.exports
        stack.resource_map = stack._create_resource_map()
        stack.output_map = stack._create_output_map()
        stack.description = stack.template_dict.get("Description")
        stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
        stack.create_resources()
        ok = stack.status == "CREATE_COMPLETE"
    else:
        ok = run_update(stack, change_set.template, change_set.parameters)
        if change_set.role_arn:
            stack.role_arn = change_set.role_arn
        if change_set.tags:
            stack.tags = change_set.tags
    change_set.execution_status = "EXECUTE_COMPLETE" if ok else "EXECUTE_FAILED"
    for other in self.change_sets.values():
        if other is not change_set and other.stack_id == stack.stack_id and other.execution_status == "AVAILABLE":
            other.execution_status = "OBSOLETE"


def backend_create_stack(
    self,
    name,
    template,
    parameters,
    notification_arns=None,
    tags=None,
    role_arn=None,
    enable_termination_protection=False,
    timeout_in_mins=None,
    stack_policy_body=None,
):
    """CreateStack as moto's, minus its evaluation of Outputs exports before any
    resource exists (exports are registered once the resources are created)."""
    if name in [stack.name for stack in self.stacks.values()]:
        raise cfn_models.AlreadyExistsException(f"Stack {name} already exists")
    stack_id = cfn_models.generate_stack_id(name, self.region_name, self.account_id)
    new_stack = Stack(
        stack_id=stack_id,
        name=name,
        template=template,
        parameters=parameters,
        account_id=self.account_id,
        region_name=self.region_name,
        notification_arns=notification_arns,
        tags=tags,
        role_arn=role_arn,
        cross_stack_resources=self.exports,
        enable_termination_protection=enable_termination_protection,
        timeout_in_mins=timeout_in_mins,
        stack_policy_body=stack_policy_body,
    )
    self.stacks[stack_id] = new_stack
    new_stack._add_stack_event("CREATE_IN_PROGRESS", resource_status_reason="User Initiated")
    new_stack.create_resources()
    return new_stack


_orig_outputs = Stack.outputs.fget


def _outputs(self):
    """Outputs of a stack whose resources do not exist (rolled back, deleted) are
    absent, as on AWS; moto evaluated them anyway and answered HTTP 500."""
    if self.status in ("ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED", "DELETE_COMPLETE", "REVIEW_IN_PROGRESS"):
        return None
    try:
        return _orig_outputs(self)
    except Exception:  # noqa: BLE001
        logger.error("outputs of %s:\n%s", self.name, traceback.format_exc())
        return None


def _stack_resources(self):
    return [r for r in self.resource_map.values() if r is not None]


_orig_validate_outputs = ResourceMap.validate_outputs


def _validate_outputs(self):
    """moto checks GetAtt in Outputs against the model; an unsupported type has none
    (AttributeError, HTTP 500). Such a resource fails at creation instead."""
    try:
        _orig_validate_outputs(self)
    except AttributeError:
        pass


def install():
    ResourceMap.__getitem__ = _getitem
    ResourceMap.validate_outputs = _validate_outputs
    parsing.parse_and_create_resource = parse_and_create_resource
    Stack.create_resources = stack_create_resources
    Stack.update = stack_update
    Stack.delete = stack_delete
    Stack.status_reason = None
    Stack.stack_resources = property(_stack_resources)
    Stack.outputs = property(_outputs)
    Backend.create_stack = backend_create_stack
    Backend.delete_stack = backend_delete_stack
    Backend.execute_change_set = backend_execute_change_set
