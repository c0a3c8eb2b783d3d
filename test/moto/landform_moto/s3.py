"""S3 buckets and bucket policies as CloudFormation documents them, backed by moto's S3 backend.

Repairs (test: TestPlugin/S3Bucket):

* AWS::S3::Bucket ``VersioningConfiguration``, ``PublicAccessBlockConfiguration``,
  ``LifecycleConfiguration``, ``OwnershipControls`` (moto ignored all four) and ``BucketEncryption``
  (with BucketKeyEnabled), ``Tags``, on create and on update. A property
  removed from the template removes the configuration (versioning cannot be
  removed from a bucket, so it stays as it was). moto's update crashed on
  Tags without a BucketName.
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucket.html
* delete of a bucket that still holds objects fails with BucketNotEmpty
  (moto silently kept the bucket and reported success); a bucket already gone
  is deleted.
* AWS::S3::BucketPolicy (no model in moto): PolicyDocument put on create,
  replaced on update (a new Bucket = replacement), removed on delete.
  https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-s3-bucketpolicy.html
"""

import json

from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
from moto.core.common_models import CloudFormationModel
from moto.s3 import models as s3_models
from moto.s3.exceptions import BucketNotEmpty, MissingBucket
from moto.utilities.utils import get_partition

from . import registry

FakeBucket = s3_models.FakeBucket
_bucket_create = FakeBucket.create_from_cloudformation_json


def _backend(account_id, region_name):
    return s3_models.s3_backends[account_id][get_partition(region_name)]


# --- CloudFormation shapes -> S3 API shapes (as moto's backend takes them) ---


def _lifecycle_rule(rule):
    """One LifecycleConfiguration.Rules entry (CFN) -> the S3 API rule dict."""
    out = {"Status": rule.get("Status", "Enabled")}
    if rule.get("Id"):
        out["ID"] = rule["Id"]
    tags = rule.get("TagFilters") or []
    prefix = rule.get("Prefix")
    if tags:
        out["Filter"] = {"And": {"Prefix": prefix or "", "Tag": [{"Key": t["Key"], "Value": t["Value"]} for t in tags]}}
    else:
        out["Filter"] = {"Prefix": prefix or ""}
    expiration = {}
    if rule.get("ExpirationInDays") is not None:
        expiration["Days"] = int(rule["ExpirationInDays"])
    if rule.get("ExpirationDate"):
        expiration["Date"] = rule["ExpirationDate"]
    if rule.get("ExpiredObjectDeleteMarker") is not None:
        expiration["ExpiredObjectDeleteMarker"] = rule["ExpiredObjectDeleteMarker"]
    if expiration:
        out["Expiration"] = expiration
    noncurrent = rule.get("NoncurrentVersionExpiration")
    if noncurrent is None and rule.get("NoncurrentVersionExpirationInDays") is not None:
        noncurrent = {"NoncurrentDays": rule["NoncurrentVersionExpirationInDays"]}
    if noncurrent is not None:
        out["NoncurrentVersionExpiration"] = {"NoncurrentDays": int(noncurrent["NoncurrentDays"])}
    if rule.get("AbortIncompleteMultipartUpload"):
        out["AbortIncompleteMultipartUpload"] = {
            "DaysAfterInitiation": int(rule["AbortIncompleteMultipartUpload"]["DaysAfterInitiation"])
        }
    transitions = list(rule.get("Transitions") or []) + ([rule["Transition"]] if rule.get("Transition") else [])
    if transitions:
        out["Transition"] = [
            {"StorageClass": t["StorageClass"], "Days": t.get("TransitionInDays"), "Date": t.get("TransitionDate")}
            for t in transitions
        ]
    nv_transitions = list(rule.get("NoncurrentVersionTransitions") or []) + (
        [rule["NoncurrentVersionTransition"]] if rule.get("NoncurrentVersionTransition") else []
    )
    if nv_transitions:
        out["NoncurrentVersionTransition"] = [
            {
                "StorageClass": t["StorageClass"],
                "NoncurrentDays": t.get("TransitionInDays"),
                "NewerNoncurrentVersions": t.get("NewerNoncurrentVersions"),
            }
            for t in nv_transitions
        ]
    return out


def _encryption(props):
    """BucketEncryption (CFN) -> the ServerSideEncryptionConfiguration moto stores.

    S3 keeps a single rule; CloudFormation's list has one entry in practice."""
    rules = []
    for rule in props["ServerSideEncryptionConfiguration"][:1]:
        default = rule.get("ServerSideEncryptionByDefault") or {}
        apply = {"SSEAlgorithm": default.get("SSEAlgorithm", "AES256")}
        if default.get("KMSMasterKeyID"):
            apply["KMSMasterKeyID"] = default["KMSMasterKeyID"]
        out = {"ApplyServerSideEncryptionByDefault": apply}
        if rule.get("BucketKeyEnabled") is not None:
            out["BucketKeyEnabled"] = "true" if rule["BucketKeyEnabled"] in (True, "true", "True") else "false"
        rules.append(out)
    return {"@xmlns": "http://s3.amazonaws.com/doc/2006-03-01/", "Rule": rules[0]}


def _apply(backend, name, props):
    """Make the bucket's configuration what props declares (create and update)."""
    if props.get("BucketEncryption"):
        backend.put_bucket_encryption(name, _encryption(props["BucketEncryption"]))
    else:
        backend.delete_bucket_encryption(name)
    versioning = props.get("VersioningConfiguration")
    if versioning:
        backend.put_bucket_versioning(name, versioning["Status"])
    pab = props.get("PublicAccessBlockConfiguration")
    if pab:
        backend.put_public_access_block(name, {k: pab.get(k, False) for k in (
            "BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")})
    else:
        backend.delete_public_access_block(name)
    ownership = ((props.get("OwnershipControls") or {}).get("Rules") or [{}])[0].get("ObjectOwnership")
    if ownership:
        backend.put_bucket_ownership_controls(name, ownership)
    else:
        backend.delete_bucket_ownership_controls(name)
    rules = (props.get("LifecycleConfiguration") or {}).get("Rules")
    if rules:
        backend.put_bucket_lifecycle_configuration(name, [_lifecycle_rule(r) for r in rules])
    else:
        backend.delete_bucket_lifecycle(name)
    tags = {t["Key"]: t["Value"] for t in props.get("Tags") or []}
    if tags:
        backend.put_bucket_tagging(name, tags)
    else:
        backend.delete_bucket_tagging(name)


# --- AWS::S3::Bucket ----------------------------------------------------------


def bucket_create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    props = cloudformation_json.get("Properties", {})
    backend = _backend(account_id, region_name)
    bare = {**cloudformation_json, "Properties": {k: v for k, v in props.items() if k not in ("BucketEncryption", "Tags")}}
    bucket = _bucket_create(resource_name, bare, account_id, region_name, **kwargs)
    try:
        _apply(backend, bucket.name, props)
    except Exception:
        backend.delete_bucket(bucket.name)
        raise
    return bucket


def bucket_update(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
    props = cloudformation_json.get("Properties", {})
    if "BucketName" in props and props["BucketName"] != original_resource.name:
        # BucketName: "Update requires: Replacement".
        new = bucket_create(cls, props["BucketName"], cloudformation_json, account_id, region_name)
        bucket_delete(cls, original_resource.name, cloudformation_json, account_id, region_name)
        return new
    _apply(_backend(account_id, region_name), original_resource.name, props)
    return original_resource


def bucket_delete(cls, resource_name, cloudformation_json, account_id, region_name):
    backend = _backend(account_id, region_name)
    try:
        deleted = backend.delete_bucket(resource_name)
    except MissingBucket:
        return
    if deleted is None:
        raise BucketNotEmpty(resource_name)


# --- AWS::S3::BucketPolicy ------------------------------------------------------


class BucketPolicyResource(CloudFormationModel):
    """AWS::S3::BucketPolicy; the policy lives on the bucket in moto's S3."""

    def __init__(self, account_id, region_name, bucket):
        self.account_id = account_id
        self.region_name = region_name
        self.bucket = bucket

    @staticmethod
    def cloudformation_name_type():
        return ""

    @staticmethod
    def cloudformation_type():
        return "AWS::S3::BucketPolicy"

    @classmethod
    def has_cfn_attr(cls, attr):
        return False

    def get_cfn_attribute(self, attribute_name):
        raise UnformattedGetAttTemplateException()

    @property
    def physical_resource_id(self):
        return self.bucket

    def is_created(self):
        return True

    @staticmethod
    def _put(account_id, region_name, props):
        document = props["PolicyDocument"]
        if not isinstance(document, str):
            document = json.dumps(document)
        _backend(account_id, region_name).put_bucket_policy(props["Bucket"], document.encode("utf-8"))

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties", {})
        cls._put(account_id, region_name, props)
        return cls(account_id, region_name, props["Bucket"])

    @classmethod
    def update_from_cloudformation_json(
        cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name
    ):
        props = cloudformation_json.get("Properties", {})
        if props["Bucket"] != original_resource.bucket:  # Bucket: replacement
            new = cls.create_from_cloudformation_json(new_resource_name, cloudformation_json, account_id, region_name)
            original_resource.delete(account_id, region_name)
            return new
        cls._put(account_id, region_name, props)
        return original_resource

    def delete(self, account_id, region_name):
        try:
            _backend(account_id, region_name).delete_bucket_policy(self.bucket)
        except MissingBucket:
            pass  # the bucket went first: so did its policy

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        pass  # the instance's delete() does the work


def install():
    FakeBucket.create_from_cloudformation_json = classmethod(bucket_create)
    FakeBucket.update_from_cloudformation_json = classmethod(bucket_update)
    FakeBucket.delete_from_cloudformation_json = classmethod(bucket_delete)
    registry.refresh_model_map()
