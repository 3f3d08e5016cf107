package main

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/liaison-project/liaison/internal/api"
	"github.com/liaison-project/liaison/internal/node"
	"github.com/liaison-project/liaison/internal/web"
)

// officerHandler serves the officers' listener: the JSON API under /api/
// and TAXII under /taxii2/, the web UI everywhere else.
func officerHandler(n *node.Node, log *slog.Logger) http.Handler {
	a := api.New(n, log)
	mux := http.NewServeMux()
	mux.Handle("/api/", a)
	mux.Handle("/taxii2/", a)
	mux.Handle("/", web.New(n, log, web.Options{Zone: time.Local}))
	return mux
}
