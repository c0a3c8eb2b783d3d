package cli

import (
	"context"
	"testing"
)

// runRecorded runs landform as a user does, in a fresh directory, with
// test credentials and no shared AWS files, against the endpoint url (a
// recorded-answers server).
func runRecorded(t *testing.T, url string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	t.Chdir(t.TempDir())
	t.Setenv("AWS_ACCESS_KEY_ID", "testing")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "testing")
	t.Setenv("AWS_CONFIG_FILE", "no-aws-config")
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", "no-aws-credentials")
	io, out, errOut := TestIO()
	code = Run(context.Background(), io, fixedNow, append(args, "--endpoint-url", url))
	return code, out.String(), errOut.String()
}
