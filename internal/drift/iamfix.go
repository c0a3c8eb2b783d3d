package drift

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/iam/types"
)

// The repairs of IAM findings, one API call each, by principal kind.

type fix = func(context.Context, Clients) error

func detachFn(kind, name, arn string) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		switch kind {
		case "role":
			_, err = c.IAM.DetachRolePolicy(ctx, &iam.DetachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(arn)})
		case "group":
			_, err = c.IAM.DetachGroupPolicy(ctx, &iam.DetachGroupPolicyInput{GroupName: aws.String(name), PolicyArn: aws.String(arn)})
		case "user":
			_, err = c.IAM.DetachUserPolicy(ctx, &iam.DetachUserPolicyInput{UserName: aws.String(name), PolicyArn: aws.String(arn)})
		}
		return err
	}
}

func attachFn(kind, name, arn string) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		switch kind {
		case "role":
			_, err = c.IAM.AttachRolePolicy(ctx, &iam.AttachRolePolicyInput{RoleName: aws.String(name), PolicyArn: aws.String(arn)})
		case "group":
			_, err = c.IAM.AttachGroupPolicy(ctx, &iam.AttachGroupPolicyInput{GroupName: aws.String(name), PolicyArn: aws.String(arn)})
		case "user":
			_, err = c.IAM.AttachUserPolicy(ctx, &iam.AttachUserPolicyInput{UserName: aws.String(name), PolicyArn: aws.String(arn)})
		}
		return err
	}
}

func deleteInlineFn(kind, name, policy string) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		switch kind {
		case "role":
			_, err = c.IAM.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(policy)})
		case "group":
			_, err = c.IAM.DeleteGroupPolicy(ctx, &iam.DeleteGroupPolicyInput{GroupName: aws.String(name), PolicyName: aws.String(policy)})
		case "user":
			_, err = c.IAM.DeleteUserPolicy(ctx, &iam.DeleteUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(policy)})
		}
		return err
	}
}

func putInlineFn(kind, name, policy, doc string) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		switch kind {
		case "role":
			_, err = c.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(policy), PolicyDocument: aws.String(doc)})
		case "group":
			_, err = c.IAM.PutGroupPolicy(ctx, &iam.PutGroupPolicyInput{GroupName: aws.String(name), PolicyName: aws.String(policy), PolicyDocument: aws.String(doc)})
		case "user":
			_, err = c.IAM.PutUserPolicy(ctx, &iam.PutUserPolicyInput{UserName: aws.String(name), PolicyName: aws.String(policy), PolicyDocument: aws.String(doc)})
		}
		return err
	}
}

func putBoundaryFn(kind, name, arn string) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		if kind == "role" {
			_, err = c.IAM.PutRolePermissionsBoundary(ctx, &iam.PutRolePermissionsBoundaryInput{RoleName: aws.String(name), PermissionsBoundary: aws.String(arn)})
		} else {
			_, err = c.IAM.PutUserPermissionsBoundary(ctx, &iam.PutUserPermissionsBoundaryInput{UserName: aws.String(name), PermissionsBoundary: aws.String(arn)})
		}
		return err
	}
}

func deleteBoundaryFn(kind, name string) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		if kind == "role" {
			_, err = c.IAM.DeleteRolePermissionsBoundary(ctx, &iam.DeleteRolePermissionsBoundaryInput{RoleName: aws.String(name)})
		} else {
			_, err = c.IAM.DeleteUserPermissionsBoundary(ctx, &iam.DeleteUserPermissionsBoundaryInput{UserName: aws.String(name)})
		}
		return err
	}
}

func membershipFn(group, user string, add bool) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		if add {
			_, err = c.IAM.AddUserToGroup(ctx, &iam.AddUserToGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
		} else {
			_, err = c.IAM.RemoveUserFromGroup(ctx, &iam.RemoveUserFromGroupInput{GroupName: aws.String(group), UserName: aws.String(user)})
		}
		return err
	}
}

func tagFn(kind, name, key, value string) fix {
	return func(ctx context.Context, c Clients) error {
		tag := []types.Tag{{Key: aws.String(key), Value: aws.String(value)}}
		var err error
		if kind == "role" {
			_, err = c.IAM.TagRole(ctx, &iam.TagRoleInput{RoleName: aws.String(name), Tags: tag})
		} else {
			_, err = c.IAM.TagUser(ctx, &iam.TagUserInput{UserName: aws.String(name), Tags: tag})
		}
		return err
	}
}

func untagFn(kind, name, key string) fix {
	return func(ctx context.Context, c Clients) error {
		var err error
		if kind == "role" {
			_, err = c.IAM.UntagRole(ctx, &iam.UntagRoleInput{RoleName: aws.String(name), TagKeys: []string{key}})
		} else {
			_, err = c.IAM.UntagUser(ctx, &iam.UntagUserInput{UserName: aws.String(name), TagKeys: []string{key}})
		}
		return err
	}
}
