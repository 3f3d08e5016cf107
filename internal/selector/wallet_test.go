package selector

import (
	"testing"

	"github.com/liaison-project/liaison"
)

func TestNormalizeWallet(t *testing.T) {
	w := liaison.EntityCryptoWallet
	bad := func(p string) []liaison.FieldError { return valueErr(p, walletForms...) }
	runNormalize(t, []normalizeTest{
		{name: "OKBitcoinP2PKH", in: ent(w, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"), want: ent(w, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")},
		{name: "OKBitcoinGenesis", in: ent(w, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"), want: ent(w, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa")},
		{name: "OKBitcoinP2SH", in: ent(w, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"), want: ent(w, "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy")},
		{name: "OKBech32", in: ent(w, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"), want: ent(w, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq")},
		{name: "OKBech32Upper", in: ent(w, "BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4"), want: ent(w, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")},
		{name: "OKBech32P2WSH", in: ent(w, "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3"),
			want: ent(w, "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3")},
		{name: "OKVersion16", in: ent(w, "BC1SW50QGDZ25J"), want: ent(w, "bc1sw50qgdz25j")},
		{name: "OKTaproot", in: ent(w, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"),
			want: ent(w, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0")},
		{name: "OKEthereum", in: ent(w, "0x52908400098527886E0F7030069857D2E4169EE7"), want: ent(w, "0x52908400098527886e0f7030069857d2e4169ee7")},
		{name: "OKEthereumUpperX", in: ent(w, "0Xde709f2102306220921060314715629080e2fb77"), want: ent(w, "0xde709f2102306220921060314715629080e2fb77")},
		{name: "OKTron", in: ent(w, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"), want: ent(w, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")},
		{name: "ErrBitcoinChecksum", in: ent(w, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3"), errs: bad("invalid base58check checksum")},
		{name: "ErrBitcoinBadChar", in: ent(w, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN0"), errs: bad(`has '0', which is not a base58 character`)},
		{name: "ErrBitcoinShort", in: ent(w, "1BvBMSEY"), errs: bad("a Bitcoin address has 26 to 35 characters")},
		{name: "ErrBitcoinVersion", in: ent(w, "3BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"), errs: bad("")},
		{name: "ErrTronAsBitcoinVersion", in: ent(w, "TBvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"), errs: bad("")},
		{name: "ErrTronChecksum", in: ent(w, "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6u"), errs: bad("invalid base58check checksum")},
		{name: "ErrBech32Checksum", in: ent(w, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdp"), errs: bad("invalid bech32 checksum")},
		{name: "ErrBech32Mixed", in: ent(w, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwF5mdq"), errs: bad("mixes upper and lower case")},
		{name: "ErrBech32Char", in: ent(w, "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdb"), errs: bad(`has 'b', which is not a bech32 character`)},
		// BIP-350 test vectors of invalid addresses.
		{name: "ErrBech32mForV0", in: ent(w, "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh"), errs: bad("has a bech32m checksum, but witness version 0 needs bech32")},
		{name: "ErrBech32ForV1", in: ent(w, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd"), errs: bad("witness version 1 needs bech32m")},
		{name: "ErrBech32Padding", in: ent(w, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf"), errs: bad("does not decode to whole bytes")},
		{name: "ErrBech32OldV2", in: ent(w, "bc1zw508d6qejxtdg4y5r3zarvaryvqyzf3du"), errs: bad("has a bech32 checksum, but witness version 2 needs bech32m")},
		{name: "ErrBech32Version", in: ent(w, "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R"), errs: bad("witness version 17; the highest is 16")},
		{name: "ErrBech32Program1", in: ent(w, "bc1pw5dgrnzv"), errs: bad("witness program of 1 bytes; it must be 2 to 40")},
		{name: "ErrBech32Program41", in: ent(w, "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav"), errs: bad("witness program of 41 bytes")},
		{name: "ErrBech32Empty", in: ent(w, "bc1gmk9yu"), errs: bad("too short for a bech32 address")},
		{name: "ErrBech32ChecksumChar", in: ent(w, "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4"), errs: bad(`has 'o', which is not a bech32 character`)},
		{name: "ErrBech32V0Length", in: ent(w, "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P"), errs: bad("version 0 witness program of 16 bytes")},
		{name: "ErrTestnet", in: ent(w, "tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx"), errs: bad("is not a supported wallet address")},
		{name: "ErrEthereumShort", in: ent(w, "0x52908400098527886E0F7030069857D2E4169EE"), errs: bad("40 hex digits after 0x")},
		{name: "ErrEthereumHex", in: ent(w, "0x52908400098527886E0F7030069857D2E4169EEG"), errs: bad(`has 'G', which is not a hex digit`)},
		{name: "ErrUnknownForm", in: ent(w, "addr1qx2fxv2umyhttkxyxp8x0dlpdt3k6cwng5pxj3jhsydzer"), errs: bad("is not a supported wallet address")},
	})
}
