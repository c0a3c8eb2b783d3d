// Package recorded serves scripted AWS query-protocol answers (CloudFormation,
// STS) from an httptest server, for what the test endpoint cannot answer:
// drift detection (moto 5.2.1 answers NotImplemented), throttling, stacks
// that stay in progress. The answers have the shape of the API reference's
// responses; a test scripts, per Action, the answers in order, and the last
// one repeats.
package recorded

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// Answer is one HTTP response.
type Answer struct {
	Status int
	Body   string
}

const ns = `xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"`

// OK is a successful answer to action with result inside its Result element.
func OK(action, result string) Answer {
	return Answer{200, fmt.Sprintf(`<%sResponse %s><%sResult>%s</%sResult><ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></%sResponse>`,
		action, ns, action, result, action, action)}
}

// APIError is an error answer with AWS's code and message.
func APIError(status int, code, msg string) Answer {
	return Answer{status, fmt.Sprintf(`<ErrorResponse %s><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>r-2</RequestId></ErrorResponse>`, ns, code, msg)}
}

// JSON is a successful answer of a JSON-protocol service (License Manager).
func JSON(body string) Answer { return Answer{200, body} }

// JSONError is an error answer of a JSON-protocol service.
func JSONError(status int, code, msg string) Answer {
	return Answer{status, fmt.Sprintf(`{"__type":%q,"message":%q}`, code, msg)}
}

// CallerIdentity answers sts:GetCallerIdentity for account.
func CallerIdentity(account string) Answer {
	return OK("GetCallerIdentity", fmt.Sprintf(`<Arn>arn:aws:iam::%s:user/tester</Arn><UserId>AIDATESTER</UserId><Account>%s</Account>`, account, account))
}

// Script answers each Action from its list; an unscripted one is a 400
// that names it.
type Script struct {
	mu      sync.Mutex
	answers map[string][]Answer
	calls   []string
}

// Start serves answers until the test ends and returns the server's URL.
func Start(t testing.TB, answers map[string][]Answer) (*Script, string) {
	s := &Script{answers: answers}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL
}

func (s *Script) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), 400)
		return
	}
	action := r.Form.Get("Action")
	if t := r.Header.Get("X-Amz-Target"); action == "" && t != "" { // the JSON protocol
		action = t[strings.LastIndexByte(t, '.')+1:]
	}
	s.mu.Lock()
	s.calls = append(s.calls, action)
	list := s.answers[action]
	if len(list) == 0 {
		s.mu.Unlock()
		a := APIError(400, "Unscripted", "the test did not script "+action)
		w.WriteHeader(a.Status)
		fmt.Fprint(w, a.Body)
		return
	}
	a := list[0]
	if len(list) > 1 {
		s.answers[action] = list[1:]
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	if strings.HasPrefix(a.Body, "{") {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	}
	w.WriteHeader(a.Status)
	fmt.Fprint(w, a.Body)
}

// Count is how many times action was called.
func (s *Script) Count(action string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.calls {
		if c == action {
			n++
		}
	}
	return n
}
