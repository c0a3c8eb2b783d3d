// Package cli owns the landform command line: one file per command, each an
// options struct, a constructor and a run function over injected IO streams.
// Commands orchestrate config, kinds, cfn and workspace; they hold no
// business logic of their own. Nothing imports this package but main.
package cli
