/**
 * Pinned versions and fixed identities used by generated files. Bump them here;
 * templates and the README read them from this one place.
 */

/**
 * Go version used when no local toolchain answers `go env GOVERSION`: the
 * newest minor release known to this version of the generator.
 */
export const FALLBACK_GO_VERSION = '1.26';

/**
 * Oldest Go the generated code compiles with: main.go uses the method and
 * wildcard patterns of net/http's ServeMux, new in Go 1.22.
 */
export const MIN_GO_MINOR = 22;

/** Alpine release for the `alpine` strategy's runtime stage (never `latest`). */
export const ALPINE_VERSION = '3.22';

/** Distroless static image; its `nonroot` tag runs as UID/GID 65532. */
export const DISTROLESS_STATIC_IMAGE = 'gcr.io/distroless/static-debian12:nonroot';

/**
 * Numeric non-root user and group for the shipped image. A number needs no
 * /etc/passwd entry (scratch has none); 65532 is distroless's `nonroot`.
 */
export const NONROOT_UID = 65532;

export const DEFAULT_PORT = 3000;
