"""AWS::EC2::VPCEndpoint delete, and a gateway endpoint without route tables.

moto 5.2.1's VPC endpoint model has no delete handler, so delete-stack left
every endpoint behind (and then failed deleting the VPC of a stack that owned
one). CloudFormation deletes the endpoint
(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-ec2-vpcendpoint.html).
"""

from moto.ec2.exceptions import InvalidVpcEndPointIdError
from moto.ec2.models import ec2_backends
from moto.ec2.models.vpcs import VPCEndPoint

from . import registry

_create = VPCEndPoint.create_from_cloudformation_json.__func__


def _create_without_route_tables(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
    # RouteTableIds is optional: a gateway endpoint may have no route table
    # yet (one is associated later). moto 5.2.1 iterates over None and fails
    # with "'NoneType' object is not iterable".
    props = cloudformation_json.get("Properties") or {}
    if props.get("RouteTableIds") is None:
        cloudformation_json = dict(cloudformation_json, Properties=dict(props, RouteTableIds=[]))
    return _create(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs)


def _delete(cls, resource_name, cloudformation_json, account_id, region_name):
    try:
        ec2_backends[account_id][region_name].delete_vpc_endpoints([resource_name])
    except InvalidVpcEndPointIdError:
        pass  # already gone is success


def _delete_instance(self, account_id, region_name):
    _delete(type(self), self.id, {}, account_id, region_name)


def install():
    VPCEndPoint.create_from_cloudformation_json = classmethod(_create_without_route_tables)
    VPCEndPoint.delete_from_cloudformation_json = classmethod(_delete)
    VPCEndPoint.delete = _delete_instance
    registry.refresh_model_map()
