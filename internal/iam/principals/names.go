package principals

import (
	"fmt"
	"sort"
	"strings"
)

// AmbiguousError is a principal name that matches more than one principal.
type AmbiguousError struct {
	Name    string
	Matches []string
}

func (e *AmbiguousError) Error() string {
	return fmt.Sprintf("principal %q is ambiguous: it matches %s; name one of them (role@account, a full ARN, user:NAME, group:NAME or team:NAME)", e.Name, strings.Join(e.Matches, ", "))
}

// Lookup finds one principal by how a person names it: a full ARN, a role
// name (acme-terraform, or its short name terraform when that is unique),
// role@account (account name of an access config or 12-digit id),
// team:NAME (a SAML-federated role NAME or ORG-team-NAME), user:NAME,
// group:NAME; user: and group: also take @account.
func (w *Model) Lookup(name string) (*Principal, error) {
	if strings.HasPrefix(name, "arn:") {
		if p := w.byARN[name]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("no principal of the workspace has ARN %s", name)
	}
	kind, rest := Role, name
	team := false
	switch {
	case strings.HasPrefix(name, "user:"):
		kind, rest = User, name[5:]
	case strings.HasPrefix(name, "group:"):
		kind, rest = Group, name[6:]
	case strings.HasPrefix(name, "team:"):
		team, rest = true, name[5:]
	case strings.HasPrefix(name, "role:"):
		rest = name[5:]
	}
	base, acct, _ := strings.Cut(rest, "@")
	inAccount := func(p *Principal) bool { return acct == "" || p.Account == acct || p.AccountName == acct }
	var exact, suffix []*Principal
	for _, p := range w.Principals {
		if p.Kind != kind || !inAccount(p) {
			continue
		}
		if team {
			if !hasSAML(p) {
				continue
			}
			if p.Name == base || strings.HasSuffix(p.Name, "-team-"+base) {
				exact = append(exact, p)
			}
			continue
		}
		switch {
		case p.Name == base:
			exact = append(exact, p)
		case strings.HasSuffix(p.Name, "-"+base):
			suffix = append(suffix, p)
		}
	}
	matches := exact
	if len(matches) == 0 {
		matches = suffix
	}
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return nil, fmt.Errorf("no %s named %q in the workspace%s; `landform who-can` lists principals, or give a full ARN", map[bool]string{true: "team", false: kind.String()}[team], base, map[bool]string{true: " in account " + acct, false: ""}[acct != ""])
	}
	var names []string
	for _, p := range matches {
		names = append(names, p.Display())
	}
	sort.Strings(names)
	return nil, &AmbiguousError{Name: name, Matches: names}
}

func hasSAML(p *Principal) bool {
	for _, e := range p.Entries {
		if e.Type == "SAML" {
			return true
		}
	}
	return false
}
