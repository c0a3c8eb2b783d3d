package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/landform/landform/internal/testutil/recorded"
)

// TestDriftExitCodes: drift exits 0 in sync, 2 drifted, 1 when the stack
// is missing or drift detection fails, as Terraform's -detailed-exitcode
// does. moto 5.2.1 does not implement drift detection, so CloudFormation's
// answers are recorded ones (package recorded), in the API reference's
// shape; the CLI runs as a user runs it, with --endpoint-url. These are
// CloudFormation's drift alone (--deep=false); deep drift, and its exit
// codes, run on the test endpoint in testdata/aws/drift.txtar.
func TestDriftExitCodes(t *testing.T) {
	config, err := filepath.Abs("../../examples/sec/startup.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const name = "acme-dev-t001-us-east-1-startup-sec-stack"
	id := "arn:aws:cloudformation:us-east-1:012345678901:stack/" + name + "/5b1c3a40-0000-11ef-9c5a-0a1b2c3d4e5f"
	stacks := recorded.OK("DescribeStacks", fmt.Sprintf(`<Stacks><member><StackName>%s</StackName><StackId>%s</StackId>`+
		`<StackStatus>CREATE_COMPLETE</StackStatus><CreationTime>2026-11-20T10:00:00.000Z</CreationTime></member></Stacks>`, name, id))
	detection := func(status string, drifted int) recorded.Answer {
		return recorded.OK("DescribeStackDriftDetectionStatus", fmt.Sprintf(`<StackId>%s</StackId><StackDriftDetectionId>d-1</StackDriftDetectionId>`+
			`<StackDriftStatus>%s</StackDriftStatus><DetectionStatus>DETECTION_COMPLETE</DetectionStatus>`+
			`<DriftedStackResourceCount>%d</DriftedStackResourceCount><Timestamp>2026-11-20T10:05:04.000Z</Timestamp>`, id, status, drifted))
	}
	resource := func(status, diff string) recorded.Answer {
		return recorded.OK("DescribeStackResourceDrifts", `<StackResourceDrifts><member><StackId>`+id+`</StackId>`+
			`<LogicalResourceId>RoleDataEngineer</LogicalResourceId><PhysicalResourceId>acme-dev-t001-role-data-engineer</PhysicalResourceId>`+
			`<ResourceType>AWS::IAM::Role</ResourceType><StackResourceDriftStatus>`+status+`</StackResourceDriftStatus>`+diff+
			`<Timestamp>2026-11-20T10:05:03.000Z</Timestamp></member></StackResourceDrifts>`)
	}
	maxSession := `<PropertyDifferences><member><PropertyPath>/MaxSessionDuration</PropertyPath><ExpectedValue>3600</ExpectedValue>` +
		`<ActualValue>43200</ActualValue><DifferenceType>NOT_EQUAL</DifferenceType></member></PropertyDifferences>`
	started := recorded.OK("DetectStackDrift", `<StackDriftDetectionId>d-1</StackDriftDetectionId>`)
	caller := recorded.CallerIdentity("012345678901")
	for _, tt := range []struct {
		name    string
		answers map[string][]recorded.Answer
		code    int
		stdout  string
		stderr  string
	}{
		{"in sync", map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "DescribeStacks": {stacks}, "DetectStackDrift": {started},
			"DescribeStackDriftDetectionStatus": {detection("IN_SYNC", 0)}, "DescribeStackResourceDrifts": {resource("IN_SYNC", "")}},
			0, "IN_SYNC (0 of 1 resources drifted)", ""},
		{"drifted", map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "DescribeStacks": {stacks}, "DetectStackDrift": {started},
			"DescribeStackDriftDetectionStatus": {detection("DRIFTED", 1)}, "DescribeStackResourceDrifts": {resource("MODIFIED", maxSession)}},
			2, "RoleDataEngineer /MaxSessionDuration (NOT_EQUAL):\n    expected: 3600\n    actual:   43200", ""},
		{"missing stack", map[string][]recorded.Answer{"GetCallerIdentity": {caller},
			"DescribeStacks": {recorded.APIError(400, "ValidationError", "Stack with id "+name+" does not exist")}},
			1, "", "stack " + name + " does not exist in us-east-1; deploy it first"},
		{"detection refused", map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "DescribeStacks": {stacks},
			"DetectStackDrift": {recorded.APIError(403, "AccessDenied", "not authorized to perform cloudformation:DetectStackDrift")}},
			1, "", "AccessDenied"},
		{"no drift detection and no deep drift", map[string][]recorded.Answer{"GetCallerIdentity": {caller}, "DescribeStacks": {stacks},
			"DetectStackDrift": {recorded.APIError(501, "NotImplemented", "The DetectStackDrift action has not been implemented")}},
			1, "", "NotImplemented"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, url := recorded.Start(t, tt.answers)
			code, out, errOut := runRecorded(t, url, "drift", "--deep=false", "-c", config)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
		})
	}
}
