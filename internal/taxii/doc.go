// Package taxii is a client of TAXII 2.1 servers (OASIS, TAXII Version
// 2.1, OASIS Standard, 10 June 2021): discovery (section 4.1), API roots
// (4.2), status (4.3), collections (5.1, 5.2), get and add objects (5.4,
// 5.5), and [Client.Pull], which walks a collection's pages from a
// [liaison.TAXIICursor] so that a pull resumes where it stopped.
//
// # Bytes from the server
//
// Every response is read to at most [Client.MaxResponse] bytes, must be
// TAXII 2.1 JSON (section 1.6.8), and is decoded strictly: an envelope's
// objects must be JSON objects and are kept as the server sent them. A
// refusal is an [*Error] that names the request and the server's answer,
// with the error message resource's title and description (section
// 3.6.1) when the server sent one.
//
// # Servers that page wrongly
//
// Pull follows next while more is true (section 3.4). A server that says
// more but offers no next is paged by added_after from its
// X-TAXII-Date-Added-Last header (3.4.1), one microsecond early, so that
// objects sharing the last page's date_added are fetched again rather
// than lost (the store keeps one copy of a version); so is a next kept
// from an earlier pull that the server refuses as expired. A server that
// answers a page it answered already in the same pull, or sends a next
// value twice, is stopped with an [ErrRepeat] error naming its fault
// rather than looped on forever.
package taxii
