package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"bantin/config"
)

func TestBaseURL(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080",
		"0.0.0.0:8080":   "http://127.0.0.1:8080",
		":9000":          "http://127.0.0.1:9000",
		"[::1]:8080":     "http://[::1]:8080",
		"bantin.local":   "http://bantin.local",
	} {
		if got := BaseURL(addr); got != want {
			t.Errorf("BaseURL(%q) = %q, want %q", addr, got, want)
		}
	}
}

func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "feeds.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Open refuses a bad config before touching the database, and a reload
// swaps the config the server and the store see.
func TestOpenAndReload(t *testing.T) {
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "bantin.db")
	_, err := Open(ctx, Options{Config: writeConfig(t, "units:\n  - id: a\n    parent: ghost\n"), DB: db})
	var problems config.Errors
	if !errors.As(err, &problems) || len(problems) < 2 {
		t.Fatalf("Open of a bad config: %v, want every problem", err)
	}
	if _, statErr := os.Stat(db); statErr == nil {
		t.Error("a bad config created the database")
	}

	a, err := Open(ctx, Options{Config: writeConfig(t, "units:\n  - id: a\n    name: A\n"), DB: db, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if code := get(a, "/feeds/b.rss"); code != http.StatusNotFound {
		t.Fatalf("before the reload /feeds/b.rss answered %d, want 404", code)
	}
	cfg, err := config.Parse("feeds.yaml", []byte("units:\n  - id: a\n    name: A\n  - id: b\n    name: B\n    parent: a\n"))
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Reload(ctx, cfg); err != nil {
		t.Fatal(err)
	}
	if a.Config != cfg {
		t.Error("Reload did not put the new config in force")
	}
	if code := get(a, "/feeds/b.rss"); code != http.StatusOK {
		t.Errorf("after the reload /feeds/b.rss answered %d, want 200", code)
	}
}

func get(a *App, path string) int {
	rec := httptest.NewRecorder()
	a.Server.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code
}
