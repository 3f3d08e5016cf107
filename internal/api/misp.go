package api

import (
	"encoding/json"
	"io"
	"net/http"

	"github.com/liaison-project/liaison"
)

// MISPMaxBody is the largest MISP import read: MISP's own event exports
// of many thousand attributes run to megabytes, so the API's MaxBody is
// too small. It equals misp.MaxBytes and TAXIIMaxBody.
const MISPMaxBody = 16 << 20

// mispImportPath is the one path read with MISPMaxBody instead of MaxBody.
const mispImportPath = "/api/v1/misp/import"

// postMISPImport converts the MISP event JSON of the body and adds it to
// the collection named by ?collection= (the node's local one when
// absent), answering the conversion report and the add's status.
func (s *Server) postMISPImport(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.error(w, r, decodeError(err))
		return
	}
	imp, err := s.node.ImportMISP(r.Context(), actor, r.URL.Query().Get("collection"), body)
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, struct {
		Report liaison.MISPReport `json:"report"`
		Status taxiiStatusBody    `json:"status"`
	}{imp.Report, statusBody(imp.Status)})
}

// getMISPExport answers the objects of ?collection= the actor may read as
// MISP events ({"response": [{"Event": ...}]}, under "events") with the
// report of what has no MISP form.
func (s *Server) getMISPExport(w http.ResponseWriter, r *http.Request, actor *liaison.Officer) {
	out, rep, err := s.node.ExportMISP(r.Context(), actor, r.URL.Query().Get("collection"))
	if err != nil {
		s.error(w, r, err)
		return
	}
	s.json(w, http.StatusOK, struct {
		Events json.RawMessage    `json:"events"`
		Report liaison.MISPReport `json:"report"`
	}{out, rep})
}
