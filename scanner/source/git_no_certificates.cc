// libgit2 as Debian builds it (over mbedTLS) parses the whole system CA bundle inside
// git_libgit2_init(): about 55 million instructions, more than the rest of a pre-commit run.
// nhiscan only reads local repositories — it never fetches, clones or pushes, so libgit2's HTTPS
// transport is never used — and those certificates are dead weight.
//
// These definitions take the place of mbedTLS's certificate loaders for libgit2. With libgit2
// and mbedTLS linked statically, the linker sends libgit2's calls here (--wrap, CMakeLists.txt);
// with them shared, a symbol exported by the executable wins over the shared library's in ELF
// symbol resolution (CMakeLists.txt exports these). They load nothing and report success, so
// libgit2 starts with an empty trust store: were it ever asked to open an HTTPS connection,
// certificate verification would fail, closed. nhiscan's own HTTPS (validation) uses libcurl
// and OpenSSL, which are not affected.

#if NHISCAN_GIT2_STATIC
#define NHISCAN_CERT_LOADER(name) __wrap_##name
#else
#define NHISCAN_CERT_LOADER(name) name
#endif

extern "C" {

int NHISCAN_CERT_LOADER(mbedtls_x509_crt_parse_file)(void* /*chain*/, const char* /*path*/) {
  return 0;
}
int NHISCAN_CERT_LOADER(mbedtls_x509_crt_parse_path)(void* /*chain*/, const char* /*path*/) {
  return 0;
}

}  // extern "C"
