// libgit2 as Debian builds it can fetch over SSH (libssh2, over OpenSSL) and authenticate HTTP
// with Kerberos (GSSAPI). nhiscan never fetches, clones or pushes: it reads local repositories
// only, so neither is ever used. Linking them cost every run a third of its start-up (`nhiscan
// version`: 10.4 ms with them, 6.7 without; 348 page faults, 191): OpenSSL's libcrypto put some
// 350 KB of pointer tables in the executable, which the dynamic loader relocates page by page, and
// GSSAPI, which Debian ships shared only, loaded seven libraries.
//
// These definitions take their place when libgit2 is linked statically (CMakeLists.txt). Only
// libssh2_init and libssh2_exit are ever called (by git_libgit2_init and its shutdown); every
// other function fails as its library does when it cannot proceed (a null session, channel or
// agent, a negative error code, GSS_S_FAILURE), so were libgit2 ever asked for an ssh:// remote or
// Kerberos authentication, it would report an error, not crash.
#include <libssh2.h>

#include <cstdint>

#pragma GCC diagnostic ignored "-Wunused-parameter"  // the parameters are the libraries' own

namespace {

constexpr int kFailed = -1;                  // LIBSSH2_ERROR_SOCKET_NONE: "no connection"
constexpr uint32_t kGssFailure = 13u << 16;  // GSS_S_FAILURE

}  // namespace

extern "C" {

int libssh2_init(int flags) { return 0; }
void libssh2_exit(void) {}
LIBSSH2_SESSION* libssh2_session_init_ex(LIBSSH2_ALLOC_FUNC((*my_alloc)),
                                         LIBSSH2_FREE_FUNC((*my_free)),
                                         LIBSSH2_REALLOC_FUNC((*my_realloc)), void* abstract) {
  return nullptr;
}
void** libssh2_session_abstract(LIBSSH2_SESSION* session) { return nullptr; }
int libssh2_session_handshake(LIBSSH2_SESSION* session, libssh2_socket_t sock) { return kFailed; }
int libssh2_session_disconnect_ex(LIBSSH2_SESSION* session, int reason, const char* description,
                                  const char* lang) {
  return kFailed;
}
int libssh2_session_free(LIBSSH2_SESSION* session) { return kFailed; }
const char* libssh2_session_hostkey(LIBSSH2_SESSION* session, size_t* len, int* type) {
  return nullptr;
}
const char* libssh2_hostkey_hash(LIBSSH2_SESSION* session, int hash_type) { return nullptr; }
int libssh2_session_method_pref(LIBSSH2_SESSION* session, int method_type, const char* prefs) {
  return kFailed;
}
int libssh2_session_last_error(LIBSSH2_SESSION* session, char** errmsg, int* errmsg_len,
                               int want_buf) {
  static char message[] = "SSH is not available in this build of nhiscan";
  if (errmsg) *errmsg = message;
  if (errmsg_len) *errmsg_len = sizeof(message) - 1;
  return kFailed;
}
void libssh2_session_set_blocking(LIBSSH2_SESSION* session, int blocking) {}
char* libssh2_userauth_list(LIBSSH2_SESSION* session, const char* username,
                            unsigned int username_len) {
  return nullptr;
}
int libssh2_userauth_authenticated(LIBSSH2_SESSION* session) { return 0; }  // "not yet"
int libssh2_userauth_password_ex(LIBSSH2_SESSION* session, const char* username,
                                 unsigned int username_len, const char* password,
                                 unsigned int password_len,
                                 LIBSSH2_PASSWD_CHANGEREQ_FUNC((*passwd_change_cb))) {
  return kFailed;
}
int libssh2_userauth_keyboard_interactive_ex(
    LIBSSH2_SESSION* session, const char* username, unsigned int username_len,
    LIBSSH2_USERAUTH_KBDINT_RESPONSE_FUNC((*response_callback))) {
  return kFailed;
}
int libssh2_userauth_publickey(LIBSSH2_SESSION* session, const char* username,
                               const unsigned char* pubkeydata, size_t pubkeydata_len,
                               LIBSSH2_USERAUTH_PUBLICKEY_SIGN_FUNC((*sign_callback)),
                               void** abstract) {
  return kFailed;
}
int libssh2_userauth_publickey_fromfile_ex(LIBSSH2_SESSION* session, const char* username,
                                           unsigned int username_len, const char* publickey,
                                           const char* privatekey, const char* passphrase) {
  return kFailed;
}
int libssh2_userauth_publickey_frommemory(LIBSSH2_SESSION* session, const char* username,
                                          size_t username_len, const char* publickeyfiledata,
                                          size_t publickeyfiledata_len,
                                          const char* privatekeyfiledata,
                                          size_t privatekeyfiledata_len, const char* passphrase) {
  return kFailed;
}
LIBSSH2_AGENT* libssh2_agent_init(LIBSSH2_SESSION* session) { return nullptr; }
int libssh2_agent_connect(LIBSSH2_AGENT* agent) { return kFailed; }
int libssh2_agent_list_identities(LIBSSH2_AGENT* agent) { return kFailed; }
int libssh2_agent_get_identity(LIBSSH2_AGENT* agent, struct libssh2_agent_publickey** store,
                               struct libssh2_agent_publickey* prev) {
  return kFailed;
}
int libssh2_agent_userauth(LIBSSH2_AGENT* agent, const char* username,
                           struct libssh2_agent_publickey* identity) {
  return kFailed;
}
int libssh2_agent_disconnect(LIBSSH2_AGENT* agent) { return kFailed; }
void libssh2_agent_free(LIBSSH2_AGENT* agent) {}
LIBSSH2_KNOWNHOSTS* libssh2_knownhost_init(LIBSSH2_SESSION* session) { return nullptr; }
int libssh2_knownhost_readfile(LIBSSH2_KNOWNHOSTS* hosts, const char* filename, int type) {
  return kFailed;
}
int libssh2_knownhost_checkp(LIBSSH2_KNOWNHOSTS* hosts, const char* host, int port, const char* key,
                             size_t keylen, int typemask, struct libssh2_knownhost** knownhost) {
  return kFailed;
}
void libssh2_knownhost_free(LIBSSH2_KNOWNHOSTS* hosts) {}
LIBSSH2_CHANNEL* libssh2_channel_open_ex(LIBSSH2_SESSION* session, const char* channel_type,
                                         unsigned int channel_type_len, unsigned int window_size,
                                         unsigned int packet_size, const char* message,
                                         unsigned int message_len) {
  return nullptr;
}
int libssh2_channel_process_startup(LIBSSH2_CHANNEL* channel, const char* request,
                                    unsigned int request_len, const char* message,
                                    unsigned int message_len) {
  return kFailed;
}
ssize_t libssh2_channel_read_ex(LIBSSH2_CHANNEL* channel, int stream_id, char* buf, size_t buflen) {
  return kFailed;
}
ssize_t libssh2_channel_write_ex(LIBSSH2_CHANNEL* channel, int stream_id, const char* buf,
                                 size_t buflen) {
  return kFailed;
}
void libssh2_channel_set_blocking(LIBSSH2_CHANNEL* channel, int blocking) {}
int libssh2_channel_close(LIBSSH2_CHANNEL* channel) { return kFailed; }
int libssh2_channel_free(LIBSSH2_CHANNEL* channel) { return kFailed; }

// GSSAPI, as MIT Kerberos declares it (its header is not installed with the runtime library):
// every pointer type is an opaque pointer.
void* GSS_C_NT_HOSTBASED_SERVICE = nullptr;
uint32_t gss_indicate_mechs(uint32_t* minor, void** mechs) { return kGssFailure; }
uint32_t gss_import_name(uint32_t* minor, void* name, void* type, void** out) {
  return kGssFailure;
}
uint32_t gss_init_sec_context(uint32_t* minor, void* cred, void** context, void* target, void* mech,
                              uint32_t flags, uint32_t time, void* bindings, void* input,
                              void** actual_mech, void* output, uint32_t* ret_flags,
                              uint32_t* time_rec) {
  return kGssFailure;
}
uint32_t gss_display_status(uint32_t* minor, uint32_t status, int type, void* mech,
                            uint32_t* context, void* text) {
  return kGssFailure;
}
uint32_t gss_delete_sec_context(uint32_t* minor, void** context, void* output) {
  return kGssFailure;
}
uint32_t gss_release_buffer(uint32_t* minor, void* buffer) { return kGssFailure; }
uint32_t gss_release_name(uint32_t* minor, void** name) { return kGssFailure; }
uint32_t gss_release_oid_set(uint32_t* minor, void** set) { return kGssFailure; }

}  // extern "C"
