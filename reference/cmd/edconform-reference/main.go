// Command edconform-reference runs one vendor's reference server on a
// loopback address and prints its base URL and profile overlay (secrets
// included: it is the operator's own local server) until interrupted.
//
//	edconform-reference --vendor edfi --addr 127.0.0.1:8765 [--deviation X]... [--fault Y]... [--mode Z]... [--print-profile DIR]
//
// --print-profile DIR also writes DIR/<vendor>-reference.yaml, a profile for
// this server, and DIR/<vendor>-reference.env, the `export` lines of its
// secrets, which a profile never holds.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"go.yaml.in/yaml/v3"

	"github.com/edconform/edconform/reference"
	// Vendors register themselves; add one blank import per vendor package.
	_ "github.com/edconform/edconform/reference/coursekey"
	_ "github.com/edconform/edconform/reference/edfi"
	_ "github.com/edconform/edconform/reference/edlink"
	_ "github.com/edconform/edconform/reference/meadowlark"
)

// repeated collects a flag given several times.
type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

func main() {
	if err := run(os.Args[1:], os.Stdout, waitForInterrupt); err != nil {
		fmt.Fprintln(os.Stderr, "edconform-reference:", err)
		os.Exit(2)
	}
}

func waitForInterrupt() {
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
}

// run starts the server, prints where it is and how to reach it, then
// blocks in wait before shutting down.
func run(args []string, out io.Writer, wait func()) error {
	flags := flag.NewFlagSet("edconform-reference", flag.ContinueOnError)
	vendor := flags.String("vendor", "", "vendor to serve ("+strings.Join(reference.Names(), ", ")+")")
	addr := flags.String("addr", "127.0.0.1:0", "loopback address to listen on (port 0 picks a free one)")
	var deviations, faults, modes repeated
	flags.Var(&deviations, "deviation", "a named deviation to apply (repeatable)")
	flags.Var(&faults, "fault", "a named fault mode to apply (repeatable)")
	flags.Var(&modes, "mode", "a named mode to run in, e.g. stricter-data-standard (repeatable)")
	printDir := flags.String("print-profile", "", "also write DIR/<vendor>-reference.yaml and DIR/<vendor>-reference.env (the secrets as export lines)")
	if err := flags.Parse(args); err != nil {
		return err
	}
	v, ok := reference.Lookup(*vendor)
	if !ok {
		return fmt.Errorf("unknown vendor %q (known: %s)", *vendor, strings.Join(reference.Names(), ", "))
	}
	if err := requireLoopback(*addr); err != nil {
		return err
	}
	server, err := v.Build(reference.Options{Deviations: deviations, Faults: faults, Modes: modes})
	if err != nil {
		return err
	}
	running, err := reference.Serve(server, *addr)
	if err != nil {
		return err
	}
	defer running.Close()
	profile := server.Profile(running.URL)
	overlay, err := yaml.Marshal(profile)
	if err != nil {
		return err
	}
	target, _ := profile["target"].(map[string]any)
	fmt.Fprintf(out, "# %s reference server listening on %s; target.baseURL:\n# %v\n", v.Name, running.URL, target["baseURL"])
	if _, err := out.Write(overlay); err != nil {
		return err
	}
	if *printDir != "" {
		profilePath, envPath, err := printProfile(*printDir, v.Name, profile)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "# wrote %s and %s; run a suite against this server with:\n#   . %s && go tool ginkgo run ./suites/%s -- --profile=%s\n",
			profilePath, envPath, envPath, v.Name, profilePath)
	}
	wait()
	return nil
}

func requireLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return errors.New("--addr must be a loopback address such as 127.0.0.1:PORT")
	}
	return nil
}
