package main

import (
	"context"
	"io"
	"log/slog"

	"bantin/app"
)

func newLogger(w io.Writer, verbose bool) *slog.Logger {
	level := slog.LevelInfo
	if verbose {
		level = slog.LevelDebug
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// openApp opens bantin as the command line asks; close it with closeApp.
func openApp(ctx context.Context, f flags, log *slog.Logger) (*app.App, error) {
	return app.Open(ctx, app.Options{Config: f.config, DB: f.db, Addr: f.addr, Logger: log})
}

func closeApp(a *app.App, log *slog.Logger) {
	if err := a.Close(); err != nil {
		log.Error("close database", "err", err)
	}
}
