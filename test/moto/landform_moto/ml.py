"""Resource types of landform's ml kind, backed by moto's own service backends.

moto 5.2.1 has service backends but no CloudFormation model for these types
(they were skipped silently); each class below creates, updates and deletes
through the backend, so the service's API sees the result (test: TestPlugin/ML).

* AWS::CodeCommit::Repository - RepositoryName, RepositoryDescription; rename
  and description change in place; Ref = repository id; GetAtt Arn, Name,
  CloneUrlHttp, CloneUrlSsh. (Code and Triggers are not applied.)
* AWS::CodeBuild::Project - Name (or generated), Description, Source,
  Artifacts, Environment, ServiceRole, TimeoutInMinutes, QueuedTimeoutInMinutes,
  Cache, LogsConfig, VpcConfig, SourceVersion, Tags; updated in place (a new
  Name = replacement); Ref = name; GetAtt Arn. A duplicate name fails as
  ResourceAlreadyExistsException (moto overwrote).
* AWS::CodePipeline::Pipeline - Name (or generated), RoleArn, ArtifactStore,
  Stages (action Configuration kept verbatim), PipelineType, Variables,
  Triggers, ExecutionMode, Tags; updated in place through UpdatePipeline (the
  version goes up; a new Name = replacement); Ref = name; GetAtt Version.
  The backend's checks apply (the role must trust codepipeline.amazonaws.com,
  at least 2 stages).
* AWS::SageMaker::ModelPackageGroup - ModelPackageGroupName,
  ModelPackageGroupDescription (a change of either = replacement, as
  documented); Ref = ARN; GetAtt ModelPackageGroupArn, CreationTime,
  ModelPackageGroupStatus.
* AWS::SageMaker::Domain - DomainName, AuthMode, DefaultUserSettings, SubnetIds,
  VpcId, DomainSettings, AppNetworkAccessType, KmsKeyId,
  AppSecurityGroupManagement, DefaultSpaceSettings; settings updated in place
  (DomainName/AuthMode/VpcId/KmsKeyId = replacement); Ref = domain id;
  GetAtt DomainId, DomainArn, Url, HomeEfsFileSystemId,
  SecurityGroupIdForDomainBoundary.
* AWS::CloudWatch::Alarm - metric alarms (single metric or Metrics queries);
  updated in place (a new AlarmName = replacement); Ref = name; GetAtt Arn.
* AWS::CloudWatch::Dashboard (moto's model wrapped): the name is DashboardName
  or the generated ``{stack}-{logicalId}-{random}`` (moto: a uuid), a body
  change is applied in place (moto deleted and re-created it under a new
  random name), deleting a dashboard already gone succeeds.
* AWS::Logs::MetricFilter - FilterName (or generated), FilterPattern,
  LogGroupName, MetricTransformations; the log group must exist
  (ResourceNotFoundException); pattern/transformations updated in place
  (FilterName/LogGroupName = replacement); Ref = filter name.

CodeCommit's GetRepository and CodePipeline's GetPipeline answered their dates
as ISO strings where AWS's JSON protocol sends epoch seconds (aws-sdk-go-v2
failed to deserialize them); they now answer epoch seconds.

AWS::SageMaker::UserProfile has no moto backend and stays unsupported (the
stack engine fails it with "resource type ... is not supported").
"""

import json

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.cloudwatch import models as cw_models
from moto.codebuild.models import codebuild_backends
from moto.codecommit.models import CodeCommit, codecommit_backends
from moto.codepipeline.models import CodePipeline, CodePipelineBackend, codepipeline_backends
from moto.core.common_models import CloudFormationModel
from moto.core.utils import unix_time
from moto.codebuild.exceptions import ResourceAlreadyExistsException
from moto.logs.exceptions import ResourceNotFoundException
from moto.logs.models import logs_backends
from moto.sagemaker.exceptions import ValidationError
from moto.sagemaker.models import sagemaker_backends

from . import registry


_codecommit_init = CodeCommit.__init__


def _codecommit_init_epoch(self, *args, **kwargs):
    _codecommit_init(self, *args, **kwargs)
    now = unix_time()
    self.repository_metadata["creationDate"] = now
    self.repository_metadata["lastModifiedDate"] = now


def _pipeline_metadata(self):
    return {
        "pipelineArn": self._arn,
        "created": unix_time(self._created),
        "updated": unix_time(self._updated),
    }


def _camel(value, verbatim=("configuration",)):
    """CloudFormation's PascalCase shape -> the API's camelCase (CodeBuild, CodePipeline)."""
    if isinstance(value, list):
        return [_camel(v, verbatim) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        name = key[:1].lower() + key[1:]
        out[name] = item if name in verbatim else _camel(item, verbatim)
    return out


def _api_tags(props):
    return [{"key": t["Key"], "value": t["Value"]} for t in props.get("Tags") or []]


class _Resource:
    """Common plumbing: a handle whose physical id is ``self.ref``.

    Subclasses list CloudFormationModel as a direct base (moto finds models
    through CloudFormationModel.__subclasses__()) and define ATTRS (GetAtt name
    -> function of the handle), NAME ("" or the name property), create(),
    replace_on (properties whose change means replacement), apply() for an
    in-place update, and delete()."""

    NAME = ""
    ATTRS = {}
    REPLACE_ON = ()

    def __init__(self, account_id, region_name, name, props):
        self.account_id = account_id
        self.region_name = region_name
        self.name = name
        self.props = props

    @property
    def ref(self):
        return self.name

    @property
    def physical_resource_id(self):
        return self.ref

    @classmethod
    def cloudformation_name_type(cls):
        return cls.NAME

    @classmethod
    def has_cfn_attr(cls, attr):
        return attr in cls.ATTRS

    def get_cfn_attribute(self, attribute_name):
        if attribute_name in self.ATTRS:
            return self.ATTRS[attribute_name](self)
        raise UnformattedGetAttTemplateException()

    def is_created(self):
        return True

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        handle = cls(account_id, region_name, props.get(cls.NAME, resource_name) if cls.NAME else resource_name, props)
        handle.create()
        return handle

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name
    ):
        props = cloudformation_json.get("Properties", {})
        old = original_resource.props
        if any(props.get(p) != old.get(p) for p in cls.REPLACE_ON):
            # "Update requires: Replacement": the new resource first, then the old one goes.
            new = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
            original_resource.delete(account_id, region_name)
            return new
        original_resource.props = props
        original_resource.apply()
        return original_resource

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        pass  # the instance's delete() does the work


# --- CodeCommit -----------------------------------------------------------------


class CodeCommitRepository(_Resource, CloudFormationModel):
    NAME = "RepositoryName"
    ATTRS = {
        "Arn": lambda self: self._meta()["Arn"],
        "Name": lambda self: self.name,
        "CloneUrlHttp": lambda self: self._meta()["cloneUrlHttp"],
        "CloneUrlSsh": lambda self: self._meta()["cloneUrlSsh"],
    }

    @staticmethod
    def cloudformation_type():
        return "AWS::CodeCommit::Repository"

    def _backend(self):
        return codecommit_backends[self.account_id][self.region_name]

    def _meta(self):
        return self._backend().get_repository(self.name)

    @property
    def ref(self):
        return self.repository_id

    def create(self):
        meta = self._backend().create_repository(self.name, self.props.get("RepositoryDescription", ""))
        self.repository_id = meta["repositoryId"]

    def apply(self):
        backend = self._backend()
        name = self.props["RepositoryName"]
        if name != self.name:  # UpdateRepositoryName: the same repository, renamed
            old = backend.repositories.pop(self.name)
            renamed = CodeCommit(self.account_id, self.region_name, "", name)
            renamed.repository_metadata.update(
                repositoryId=old.repository_metadata["repositoryId"],
                creationDate=old.repository_metadata["creationDate"],
            )
            backend.repositories[name] = renamed
            self.name = name
        backend.repositories[self.name].repository_metadata["repositoryDescription"] = self.props.get(
            "RepositoryDescription", ""
        )

    def delete(self, account_id, region_name):
        self._backend().delete_repository(self.name)


# --- CodeBuild ------------------------------------------------------------------


class CodeBuildProject(_Resource, CloudFormationModel):
    NAME = "Name"
    ATTRS = {"Arn": lambda self: self._backend().codebuild_projects[self.name].arn}
    REPLACE_ON = ("Name",)

    @staticmethod
    def cloudformation_type():
        return "AWS::CodeBuild::Project"

    def _backend(self):
        return codebuild_backends[self.account_id][self.region_name]

    def _put(self):
        p = self.props
        source = _camel(p.get("Source") or {})
        if "buildSpec" in source:  # the API spells it "buildspec"
            source["buildspec"] = source.pop("buildSpec")
        self._backend().create_project(
            project_name=self.name,
            description=p.get("Description"),
            project_source=source,
            artifacts=_camel(p.get("Artifacts") or {}),
            environment=_camel(p.get("Environment") or {}),
            service_role=p["ServiceRole"],
            tags=_api_tags(p),
            cache=_camel(p["Cache"]) if p.get("Cache") else None,
            timeout=p.get("TimeoutInMinutes", 60),
            queued_timeout=p.get("QueuedTimeoutInMinutes", 480),
            source_version=p.get("SourceVersion"),
            logs_config=_camel(p["LogsConfig"]) if p.get("LogsConfig") else None,
            vpc_config=_camel(p["VpcConfig"]) if p.get("VpcConfig") else None,
        )

    def create(self):
        backend = self._backend()
        if self.name in backend.codebuild_projects:
            raise ResourceAlreadyExistsException(f"Project already exists: arn:aws:codebuild:{self.region_name}:{self.account_id}:project/{self.name}")
        self._put()

    def apply(self):
        backend = self._backend()
        history = backend.build_history.get(self.name, [])
        created = backend.codebuild_projects[self.name].project_metadata["created"]
        self._put()  # moto's create_project overwrites; keep what UpdateProject keeps
        backend.build_history[self.name] = history
        backend.codebuild_projects[self.name].project_metadata["created"] = created

    def delete(self, account_id, region_name):
        backend = self._backend()
        if self.name in backend.codebuild_projects:
            backend.delete_project(self.name)


# --- CodePipeline ---------------------------------------------------------------


class CodePipelinePipeline(_Resource, CloudFormationModel):
    NAME = "Name"
    ATTRS = {"Version": lambda self: str(self._backend().pipelines[self.name].pipeline["version"])}
    REPLACE_ON = ("Name",)

    @staticmethod
    def cloudformation_type():
        return "AWS::CodePipeline::Pipeline"

    def _backend(self):
        return codepipeline_backends[self.account_id][self.region_name]

    def _declaration(self):
        p = self.props
        pipeline = {"name": self.name, "roleArn": p["RoleArn"], "stages": _camel(p.get("Stages") or [])}
        for key in ("ArtifactStore", "ArtifactStores", "PipelineType", "Variables", "Triggers", "ExecutionMode"):
            if p.get(key) is not None:
                pipeline[key[:1].lower() + key[1:]] = _camel(p[key])
        return pipeline

    def create(self):
        self._backend().create_pipeline(self._declaration(), _api_tags(self.props) or None)

    def apply(self):
        backend = self._backend()
        backend.update_pipeline(self._declaration())
        backend.pipelines[self.name].tags = {t["key"]: t["value"] for t in _api_tags(self.props)}

    def delete(self, account_id, region_name):
        self._backend().delete_pipeline(self.name)


# --- SageMaker ------------------------------------------------------------------


class SageMakerModelPackageGroup(_Resource, CloudFormationModel):
    NAME = "ModelPackageGroupName"
    ATTRS = {
        "ModelPackageGroupArn": lambda self: self._group().arn,
        "CreationTime": lambda self: str(self._group().creation_time),
        "ModelPackageGroupStatus": lambda self: self._group().model_package_group_status,
    }
    REPLACE_ON = ("ModelPackageGroupName", "ModelPackageGroupDescription")

    @staticmethod
    def cloudformation_type():
        return "AWS::SageMaker::ModelPackageGroup"

    def _backend(self):
        return sagemaker_backends[self.account_id][self.region_name]

    def _group(self):
        return self._backend().describe_model_package_group(self.name)

    @property
    def ref(self):
        return self.arn

    def create(self):
        if self.name in self._backend().model_package_groups:
            raise ValidationError(message=f"Model Package Group already exists: {self.arn_of(self.name)}")
        self.arn = self._backend().create_model_package_group(
            self.name, self.props.get("ModelPackageGroupDescription"), [
                {"Key": t["Key"], "Value": t["Value"]} for t in self.props.get("Tags") or []]
        )

    def arn_of(self, name):
        return f"arn:aws:sagemaker:{self.region_name}:{self.account_id}:model-package-group/{name}"

    def apply(self):
        pass  # Tags / policy only: nothing moto keeps

    def delete(self, account_id, region_name):
        # DeleteModelPackageGroup (moto 5.2.1 has no backend method for it).
        self._backend().model_package_groups.pop(self.name, None)


class SageMakerDomain(_Resource, CloudFormationModel):
    NAME = ""
    ATTRS = {
        "DomainId": lambda self: self.domain_id,
        "DomainArn": lambda self: self._domain().arn,
        "Url": lambda self: self._domain().url,
        "HomeEfsFileSystemId": lambda self: self._domain().home_efs_file_system_id,
        "SecurityGroupIdForDomainBoundary": lambda self: self._domain().security_group_id_for_domain_boundary,
    }
    REPLACE_ON = ("DomainName", "AuthMode", "VpcId", "KmsKeyId")
    _SETTINGS = {
        "DefaultUserSettings": "default_user_settings",
        "DomainSettings": "domain_settings",
        "DefaultSpaceSettings": "default_space_settings",
        "AppNetworkAccessType": "app_network_access_type",
        "AppSecurityGroupManagement": "app_security_group_management",
        "SubnetIds": "subnet_ids",
    }

    @staticmethod
    def cloudformation_type():
        return "AWS::SageMaker::Domain"

    def _backend(self):
        return sagemaker_backends[self.account_id][self.region_name]

    def _domain(self):
        return self._backend().domains[self.domain_id]

    @property
    def ref(self):
        return self.domain_id

    def create(self):
        p = self.props
        arn = self._backend().create_domain(
            domain_name=p["DomainName"],
            auth_mode=p["AuthMode"],
            default_user_settings=p.get("DefaultUserSettings") or {},
            subnet_ids=p.get("SubnetIds") or [],
            vpc_id=p.get("VpcId"),
            domain_settings=p.get("DomainSettings"),
            tags=p.get("Tags"),
            app_network_access_type=p.get("AppNetworkAccessType"),
            home_efs_file_system_kms_key_id=None,
            kms_key_id=p.get("KmsKeyId"),
            app_security_group_management=p.get("AppSecurityGroupManagement"),
            default_space_settings=p.get("DefaultSpaceSettings"),
        )["DomainArn"]
        self.domain_id = arn.rsplit("/", 1)[-1]

    def apply(self):  # UpdateDomain
        domain = self._domain()
        for prop, attr in self._SETTINGS.items():
            if prop in self.props:
                setattr(domain, attr, self.props[prop])

    def delete(self, account_id, region_name):
        self._backend().domains.pop(self.domain_id, None)


# --- CloudWatch -----------------------------------------------------------------


def _metric_queries(metrics):
    if not metrics:
        return None
    out = []
    for m in metrics:
        stat = None
        if m.get("MetricStat"):
            s = m["MetricStat"]
            metric = s["Metric"]
            dims = [cw_models.Dimension(d["Name"], d["Value"]) for d in metric.get("Dimensions") or []]
            stat = cw_models.MetricStat(
                metric=cw_models.Metric(metric["MetricName"], metric.get("Namespace"), dims),
                period=s.get("Period"),
                stat=s.get("Stat"),
                unit=s.get("Unit"),
            )
        out.append(
            cw_models.MetricDataQuery(
                query_id=m["Id"],
                label=m.get("Label"),
                period=m.get("Period"),
                return_data=m.get("ReturnData", True),
                expression=m.get("Expression"),
                metric_stat=stat,
            )
        )
    return out


class CloudWatchAlarm(_Resource, CloudFormationModel):
    NAME = "AlarmName"
    ATTRS = {"Arn": lambda self: self._backend().alarms[self.name].alarm_arn}
    REPLACE_ON = ("AlarmName",)

    @staticmethod
    def cloudformation_type():
        return "AWS::CloudWatch::Alarm"

    def _backend(self):
        return cw_models.cloudwatch_backends[self.account_id][self.region_name]

    def _put(self):
        p = self.props
        backend = self._backend()
        alarm = backend.put_metric_alarm(
            name=self.name,
            namespace=p.get("Namespace"),
            metric_name=p.get("MetricName"),
            metric_data_queries=_metric_queries(p.get("Metrics")),
            comparison_operator=p["ComparisonOperator"],
            evaluation_periods=int(p["EvaluationPeriods"]),
            datapoints_to_alarm=int(p["DatapointsToAlarm"]) if p.get("DatapointsToAlarm") else None,
            period=int(p["Period"]) if p.get("Period") else None,
            threshold=float(p["Threshold"]) if p.get("Threshold") is not None else None,
            statistic=p.get("Statistic"),
            extended_statistic=p.get("ExtendedStatistic"),
            description=p.get("AlarmDescription"),
            dimensions=[{"name": d["Name"], "value": d["Value"]} for d in p.get("Dimensions") or []],
            alarm_actions=p.get("AlarmActions") or [],
            ok_actions=p.get("OKActions") or [],
            insufficient_data_actions=p.get("InsufficientDataActions") or [],
            unit=p.get("Unit"),
            actions_enabled=p.get("ActionsEnabled", True) not in (False, "false"),
            treat_missing_data=p.get("TreatMissingData"),
            evaluate_low_sample_count_percentile=p.get("EvaluateLowSampleCountPercentile"),
            threshold_metric_id=p.get("ThresholdMetricId"),
            tags=None,
        )
        backend.tagger.delete_all_tags_for_resource(alarm.alarm_arn)
        if p.get("Tags"):
            backend.tagger.tag_resource(alarm.alarm_arn, [{"Key": t["Key"], "Value": t["Value"]} for t in p["Tags"]])

    create = apply = _put

    def delete(self, account_id, region_name):
        self._backend().delete_alarms([self.name])


Dashboard = cw_models.Dashboard


def dashboard_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json["Properties"]
    backend = cw_models.cloudwatch_backends[account_id][region_name]
    return backend.put_dashboard(name=props.get("DashboardName") or resource_name, body=props["DashboardBody"])


def dashboard_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    props = cloudformation_json["Properties"]
    name = props.get("DashboardName") or original_resource.name
    if name != original_resource.name:  # DashboardName: replacement
        new = dashboard_create(cls, name, cloudformation_json, account_id, region_name)
        dashboard_delete(cls, original_resource.name, cloudformation_json, account_id, region_name)
        return new
    backend = cw_models.cloudwatch_backends[account_id][region_name]
    return backend.put_dashboard(name=name, body=props["DashboardBody"])


def dashboard_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    backend = cw_models.cloudwatch_backends[account_id][region_name]
    if resource_name in backend.dashboards:
        backend.delete_dashboards([resource_name])


# --- Logs -----------------------------------------------------------------------


class LogsMetricFilter(_Resource, CloudFormationModel):
    NAME = "FilterName"
    REPLACE_ON = ("FilterName", "LogGroupName")

    @staticmethod
    def cloudformation_type():
        return "AWS::Logs::MetricFilter"

    def _backend(self):
        return logs_backends[self.account_id][self.region_name]

    def _put(self):
        p = self.props
        backend = self._backend()
        if p["LogGroupName"] not in backend.groups:
            raise ResourceNotFoundException("The specified log group does not exist.")
        transformations = []
        for t in p.get("MetricTransformations") or []:
            item = _camel({k: v for k, v in t.items() if k != "Dimensions"})
            if t.get("Dimensions"):
                item["dimensions"] = {d["Key"]: d["Value"] for d in t["Dimensions"]}
            transformations.append(item)
        backend.filters.delete_filter(self.name, p["LogGroupName"])  # PutMetricFilter replaces
        backend.put_metric_filter(self.name, p.get("FilterPattern", ""), p["LogGroupName"], transformations)

    create = apply = _put

    def delete(self, account_id, region_name):
        self._backend().filters.delete_filter(self.name, self.props["LogGroupName"])


def _trust_split_services(create_pipeline):
    """CreatePipeline checks the role trusts codepipeline.amazonaws.com, but
    moto compares each statement's Principal.Service as a whole, so a trust
    policy that lists several services (["codepipeline.amazonaws.com",
    "events.amazonaws.com"], which IAM accepts) is refused. Check against a
    copy of the trust with one service per statement, as IAM reads it."""

    def wrapped(self, pipeline, tags):
        try:
            role = self.iam_backend.get_role_by_arn(pipeline["roleArn"])
        except Exception:
            return create_pipeline(self, pipeline, tags)
        original = role.assume_role_policy_document
        try:
            doc = json.loads(original)
            statements = doc.get("Statement", [])
            if isinstance(statements, dict):
                statements = [statements]
            split = []
            for st in statements:
                services = (st.get("Principal") or {}).get("Service")
                if isinstance(services, list):
                    for svc in services:
                        split.append({**st, "Principal": {**st["Principal"], "Service": svc}})
                else:
                    split.append(st)
            role.assume_role_policy_document = json.dumps({**doc, "Statement": split})
        except (ValueError, TypeError, AttributeError):
            return create_pipeline(self, pipeline, tags)
        try:
            return create_pipeline(self, pipeline, tags)
        finally:
            role.assume_role_policy_document = original

    return wrapped


def install():
    CodePipelineBackend.create_pipeline = _trust_split_services(CodePipelineBackend.create_pipeline)
    CodeCommit.__init__ = _codecommit_init_epoch
    CodePipeline.metadata = property(_pipeline_metadata)
    Dashboard.cloudformation_name_type = staticmethod(lambda: "DashboardName")
    Dashboard.create_from_cloudformation_json = classmethod(dashboard_create)
    Dashboard.update_from_cloudformation_json = classmethod(dashboard_update)
    Dashboard.delete_from_cloudformation_json = classmethod(dashboard_delete)
    registry.refresh_model_map()
