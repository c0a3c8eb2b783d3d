// Package workdir owns the directory landform writes into (templates/,
// policies/, groups/, roles/, reports/) and writing files there atomically:
// a file is either complete or absent, never half-written. It decides where
// files go and how they reach the disk; what they contain is the callers'.
//
// # Temporary files
//
// [WriteFile] writes into a temporary file next to its target and renames it
// over the target. The temporary file is named
//
//	.NAME.tmp-PID-START-SCOPE-RAND
//
// NAME is the target's base name (its first 120 bytes), PID the writer's
// process ID, START the writer's start time in clock ticks since boot (field 22
// of /proc/PID/stat; 0 where there is no /proc), SCOPE 8 hex digits naming the
// process table PID belongs to (a hash of the host name and the PID namespace)
// and RAND 8 random hex digits. The name says who owns the file, so a later run
// can tell an abandoned one from one still being written.
//
// A process killed between create and rename (kill -9, a power cut) leaves its
// temporary file behind. The first time a process writes into a directory, it
// sweeps that directory once and removes a file only when its name matches the
// pattern above exactly and
//
//   - SCOPE is this process's and no process PID exists (kill(PID, 0) fails
//     with ESRCH), or
//   - SCOPE is this process's, process PID exists but started at another time
//     than START: the writer died and its PID was given to another process. This
//     is checked only where /proc/PID/stat can be read (Linux), or
//   - SCOPE is another one (another host on a shared file system, another
//     container, this host under an earlier host name) and the file has not been
//     modified for 24 hours: that process table cannot be seen from here, and a
//     write holds its temporary file only for as long as it takes.
//
// Everything else is kept: files of live writers (including this process's
// own; EPERM from kill means a live process of another user), files whose
// writer cannot be checked (kill fails otherwise, or /proc/PID/stat cannot be
// read) and every file not of this pattern, including the .NAME.tmp-DIGITS
// files of landform versions before this one.
//
// PID reuse is handled by the START token rather than by comparing the file's
// modification time with this process's start: a live run that started before
// this one has temporary files older than this process too, and an mtime rule
// would delete them under it. PID and START together name one process for the
// lifetime of a boot, so a live writer is never mistaken for a dead one; after
// a reboot a PID that is alive again has, all but certainly, another START.
//
// The sweep is best effort: a directory that cannot be listed or a file that
// cannot be removed does not fail the write. Outside Unix, process liveness
// cannot be checked, so only the 24-hour rule for other scopes applies there.
package workdir
