package liaison

// EntityKind is the type of a selector: an identifier worth matching across
// parties.
type EntityKind string

// The entity kinds a message may carry.
const (
	EntityPhone        EntityKind = "phone"         // E.164 after normalisation
	EntityEmail        EntityKind = "email"         // lower-cased domain
	EntityCryptoWallet EntityKind = "crypto_wallet" // BTC (base58/bech32), ETH (0x…), TRON (T…)
	EntityBankAccount  EntityKind = "bank_account"  // IBAN (checked) or national account number
	EntityPassport     EntityKind = "passport"      // number and issuing country
	EntityCompany      EntityKind = "company"       // registration number and country
	EntityVesselIMO    EntityKind = "vessel_imo"    // IMO number, check digit verified
	EntityContainer    EntityKind = "container"     // ISO 6346, check digit verified
	EntityIP           EntityKind = "ip"            // IPv4 or IPv6
	EntityDomain       EntityKind = "domain"        // lower-case, IDNA
	EntityURL          EntityKind = "url"           // absolute http(s) URL
	EntityPersonName   EntityKind = "person_name"   // free text, trimmed
)

// EntityKinds lists every entity kind.
var EntityKinds = []EntityKind{
	EntityPhone, EntityEmail, EntityCryptoWallet, EntityBankAccount, EntityPassport,
	EntityCompany, EntityVesselIMO, EntityContainer, EntityIP, EntityDomain, EntityURL,
	EntityPersonName,
}

// Entity is a typed selector in a message.
type Entity struct {
	Kind  EntityKind `json:"kind"`
	Value string     `json:"value"`
	// Country is an ISO 3166-1 alpha-2 code: the issuing country of a
	// passport or company number, the region to read a national phone
	// number in. Optional where the value carries it.
	Country string `json:"country,omitempty"`
	// Role is the subject category of a person-related selector: suspect,
	// victim, witness or other. Optional.
	Role string `json:"role,omitempty"`
	// Label is free text that says what the selector is ("burner phone").
	Label string `json:"label,omitempty"`
}
