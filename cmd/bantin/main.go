// Command bantin aggregates the news feeds of a province's government
// units and republishes them as clean merged feeds per unit.
//
//	bantin serve   the daemon: fetch on schedule, serve HTTP
//	bantin fetch   one pass over every source, then exit
//	bantin check   validate the config (exit 0 good, 1 bad)
//	bantin export  write every feed and the OPML as static files
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"syscall"
	_ "time/tzdata" // Asia/Ho_Chi_Minh must resolve in a bare image

	"bantin/config"
)

const usage = `usage: bantin <command> [flags]

commands:
  serve        run the daemon: fetch every source at start, then on its schedule; serve HTTP
  fetch        one pass over every source, then exit
  check        validate the config and exit (0 good, 1 bad)
  export       write every unit's feeds and the OPML under -out DIR
  healthcheck  exit 0 when -url answers 200 (for container health checks)

Run "bantin <command> -h" for the flags of a command.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, args := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = runServe(ctx, args, stderr)
	case "fetch":
		err = runFetch(ctx, args, stdout, stderr)
	case "check":
		err = runCheck(args, stdout, stderr)
	case "export":
		err = runExport(ctx, args, stdout, stderr)
	case "healthcheck":
		err = runHealthcheck(ctx, args, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "bantin: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		var problems config.Errors
		if errors.As(err, &problems) {
			// One "file:line: problem" per line, as editors and CI read them.
			fmt.Fprintln(stderr, problems.Error())
			return 1
		}
		fmt.Fprintf(stderr, "bantin %s: %v\n", cmd, err)
		return 1
	}
}

// errUsage reports bad flags; the flag package has already said why.
var errUsage = errors.New("bad usage")

// flags are the ones every command shares.
type flags struct {
	config, db, addr string
	verbose          bool
}

func newFlagSet(name string, stderr io.Writer, f *flags) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.config, "config", "feeds.yaml", "the units and their feeds")
	fs.StringVar(&f.db, "db", "bantin.db", "the SQLite database file")
	fs.StringVar(&f.addr, "addr", "127.0.0.1:8080", "address to listen on (and the default base URL)")
	fs.BoolVar(&f.verbose, "v", false, "log every fetch")
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %v\n", fs.Args())
		return errUsage
	}
	// -addr is host:port: a URL given instead became "http://http://…"
	// in every link of an export.
	if a := fs.Lookup("addr"); a != nil {
		if _, _, err := net.SplitHostPort(a.Value.String()); err != nil {
			fmt.Fprintf(fs.Output(), "-addr %q: want host:port, such as 127.0.0.1:8080\n", a.Value.String())
			return errUsage
		}
	}
	return nil
}
