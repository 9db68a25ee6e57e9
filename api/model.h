/* Plain model structs decoded from the engine's JSON; each has a _free. */
#ifndef API_MODEL_H
#define API_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An owned key/value list (labels, options, env). */
struct kv {
	char *key;
	char *value;
};

struct kvlist {
	struct kv *v;
	size_t n;
};

void kvlist_free(struct kvlist *); /* frees the elements, not the struct */
/* Borrowed value for key, or NULL. */
const char *kvlist_get(const struct kvlist *, const char *key);

struct docker_port {
	char *ip; /* host ip, NULL when not published */
	int private_port;
	int public_port; /* 0 when not published */
	char *type; /* "tcp", "udp", "sctp" */
};

struct docker_mount {
	char *type; /* bind, volume, tmpfs, npipe */
	char *name; /* volume name or NULL */
	char *source;
	char *destination;
	char *mode;
	bool rw;
};

struct docker_endpoint_net {
	char *network; /* network name */
	char *network_id;
	/* NULL until the container runs: only then is it attached. */
	char *endpoint_id;
	char *ip; /* IPv4 address or NULL */
	int prefix_len;
	char *ipv6;
	char *gateway;
	char *mac;
};

/* One row of /containers/json. */
struct docker_container {
	char *id;
	char *name; /* first name, without the leading '/' */
	char *image;
	char *image_id;
	char *command;
	int64_t created; /* unix seconds */
	char *state; /* running, exited, paused, created, ... */
	char *status; /* "Up 2 minutes (healthy)" */
	struct docker_port *ports;
	size_t n_ports;
	struct kvlist labels;
	int64_t size_rw; /* -1 when not asked for */
	int64_t size_root_fs; /* -1 when not asked for */
	struct docker_endpoint_net *nets;
	size_t n_nets;
	struct docker_mount *mounts;
	size_t n_mounts;
	char *network_mode;
};

struct docker_container_list {
	struct docker_container *v;
	size_t n;
};

struct docker_health_log {
	char *start;
	char *end;
	int exit_code;
	char *output;
};

struct docker_port_binding {
	char *container_port; /* "80/tcp" */
	char *host_ip;
	char *host_port;
};

/* /containers/{id}/json, the parts berth uses. */
struct docker_container_detail {
	char *id;
	char *name; /* without the leading '/' */
	char *created; /* RFC 3339 */
	char *image_id;
	char *driver;
	char *platform;
	char *path;
	char **args;
	int restart_count;

	/* State */
	char *status;
	bool running, paused, restarting, oom_killed, dead;
	int pid;
	int exit_code;
	char *error;
	char *started_at;
	char *finished_at;
	char *health_status; /* NULL when there is no health check */
	int health_failing_streak;
	struct docker_health_log *health_log;
	size_t n_health_log;

	/* Config */
	char *hostname;
	char *user;
	char *working_dir;
	char *image; /* as asked for, e.g. "nginx:latest" */
	bool tty;
	bool open_stdin;
	char **env; /* KEY=VALUE */
	char **cmd;
	char **entrypoint;
	char **exposed_ports; /* "80/tcp" */
	struct kvlist labels;
	char *stop_signal;

	/* HostConfig */
	char *restart_policy; /* "", no, always, on-failure, unless-stopped */
	int restart_max_retry;
	bool auto_remove;
	char *network_mode;
	char *isolation;
	int64_t memory;
	int64_t nano_cpus;
	struct docker_port_binding *bindings; /* HostConfig.PortBindings */
	size_t n_bindings;

	char **exec_ids;
	struct docker_mount *mounts;
	size_t n_mounts;
	struct docker_endpoint_net *nets;
	size_t n_nets;
	/* NetworkSettings.Ports: what is actually published. */
	struct docker_port_binding *ports;
	size_t n_ports;
};

struct docker_image {
	char *id;
	char *parent_id;
	char **repo_tags; /* NULL-terminated; empty for dangling */
	char **repo_digests;
	int64_t created;
	int64_t size;
	int64_t shared_size; /* -1 when unknown */
	int64_t containers; /* -1 when unknown */
	struct kvlist labels;
};

struct docker_image_list {
	struct docker_image *v;
	size_t n;
};

struct docker_image_detail {
	char *id;
	char **repo_tags;
	char **repo_digests;
	char *parent;
	char *created;
	char *docker_version;
	char *author;
	char *architecture;
	char *os;
	char *os_version;
	int64_t size;
	char *user;
	char *working_dir;
	char **env;
	char **cmd;
	char **entrypoint;
	char **exposed_ports;
	struct kvlist labels;
	char **layers; /* RootFS.Layers, bottom first */
};

struct docker_history_entry {
	char *id; /* "<missing>" for layers built elsewhere */
	int64_t created;
	char *created_by;
	char **tags;
	int64_t size;
	char *comment;
};

struct docker_history {
	struct docker_history_entry *v; /* newest first, as the engine sends */
	size_t n;
};

struct docker_volume {
	char *name;
	char *driver;
	char *mountpoint;
	char *created_at;
	char *scope;
	struct kvlist labels;
	struct kvlist options;
	int64_t size; /* UsageData.Size, -1 when unknown */
	int64_t ref_count; /* UsageData.RefCount, -1 when unknown */
};

struct docker_volume_list {
	struct docker_volume *v;
	size_t n;
	char **warnings;
};

struct docker_net_container {
	char *id;
	char *name;
	char *ipv4;
	char *ipv6;
	char *mac;
};

struct docker_ipam_config {
	char *subnet;
	char *gateway;
	char *ip_range;
};

struct docker_network {
	char *id;
	char *name;
	char *created;
	char *driver;
	char *scope;
	bool internal;
	bool attachable;
	bool ingress;
	bool enable_ipv6;
	struct docker_ipam_config *ipam;
	size_t n_ipam;
	struct docker_net_container *containers;
	size_t n_containers;
	struct kvlist options;
	struct kvlist labels;
};

struct docker_network_list {
	struct docker_network *v;
	size_t n;
};

struct docker_info {
	char *id;
	char *name;
	char *server_version;
	int64_t containers, running, paused, stopped, images;
	char *driver;
	char *kernel_version;
	char *operating_system;
	char *os_version;
	char *os_type; /* linux, windows */
	char *architecture;
	int64_t ncpu;
	int64_t mem_total;
	char *docker_root_dir;
	char *cgroup_driver;
	char *cgroup_version;
	char *isolation; /* windows: process, hyperv */
	char *system_time; /* RFC 3339 */
	char *swarm_state; /* Swarm.LocalNodeState */
	bool swarm_manager; /* Swarm.ControlAvailable */
	char **warnings;
	char *default_runtime;
};

struct docker_version {
	char *version;
	char *api_version;
	char *min_api_version;
	char *os;
	char *arch;
	char *kernel_version;
	char *git_commit;
	char *go_version;
	char *platform_name;
	bool experimental;
};

struct docker_df_image {
	char *id;
	char **repo_tags;
	int64_t created;
	int64_t size;
	int64_t shared_size;
	int64_t containers;
};

struct docker_df_container {
	char *id;
	char *name;
	char *image;
	char *state;
	int64_t size_rw;
	int64_t size_root_fs;
};

struct docker_df_volume {
	char *name;
	char *driver;
	int64_t size;
	int64_t ref_count;
	struct kvlist labels;
};

struct docker_df_cache {
	char *id;
	char *type;
	char *description;
	bool in_use;
	bool shared;
	int64_t size;
	char *last_used_at;
	int64_t usage_count;
};

struct docker_df {
	int64_t layers_size;
	struct docker_df_image *images;
	size_t n_images;
	struct docker_df_container *containers;
	size_t n_containers;
	struct docker_df_volume *volumes;
	size_t n_volumes;
	struct docker_df_cache *cache;
	size_t n_cache;
};

struct docker_event {
	char *type; /* container, image, volume, network, ... */
	char *action; /* start, die, exec_start: sh, ... */
	char *actor_id;
	struct kvlist attrs; /* Actor.Attributes: name, image, exitCode */
	char *scope;
	int64_t time; /* seconds */
	int64_t time_nano; /* nanoseconds since the epoch */
};

struct docker_exec {
	char *id;
	char *container_id;
	bool running;
	int exit_code; /* -1 while unknown */
	int pid;
	bool tty;
	bool open_stdin;
	char *user;
	char *entrypoint; /* ProcessConfig.entrypoint */
	char **arguments; /* ProcessConfig.arguments */
	bool privileged;
};

/* /containers/{id}/top: titles and rows of strings. */
struct docker_top {
	char **titles;
	char ***rows; /* n_rows NULL-terminated vectors */
	size_t n_rows;
};

/* One sample of /containers/{id}/stats. */
struct docker_stats {
	char *read; /* RFC 3339 timestamp */
	uint64_t cpu_total; /* cpu_stats.cpu_usage.total_usage */
	uint64_t system_cpu; /* cpu_stats.system_cpu_usage */
	uint64_t pre_cpu_total;
	uint64_t pre_system_cpu;
	int online_cpus; /* 0 when absent: use percpu length */
	uint64_t mem_usage;
	uint64_t mem_limit;
	uint64_t mem_inactive_file; /* total_inactive_file or inactive_file */
	uint64_t net_rx, net_tx;
	uint64_t blk_read, blk_write;
	uint64_t pids;
};

/* One message of the pull (/images/create) or push progress stream. */
struct docker_progress {
	char *id; /* layer id, or NULL for overall messages */
	char *status; /* "Downloading", "Pull complete", ... */
	char *progress; /* the engine's bar text */
	int64_t current;
	int64_t total;
	char *error; /* errorDetail.message or error */
};

struct docker_prune_report {
	char **deleted; /* ids or names that the engine removed */
	int64_t space_reclaimed;
};

void docker_container_list_free(struct docker_container_list *);
void docker_container_detail_free(struct docker_container_detail *);
void docker_image_list_free(struct docker_image_list *);
void docker_image_detail_free(struct docker_image_detail *);
void docker_history_free(struct docker_history *);
void docker_volume_list_free(struct docker_volume_list *);
void docker_network_list_free(struct docker_network_list *);
void docker_network_free(struct docker_network *);
void docker_info_free(struct docker_info *);
void docker_version_free(struct docker_version *);
void docker_df_free(struct docker_df *);
void docker_event_free(struct docker_event *);
void docker_exec_free(struct docker_exec *);
void docker_top_free(struct docker_top *);
void docker_stats_free(struct docker_stats *);
void docker_progress_free(struct docker_progress *);
void docker_prune_report_free(struct docker_prune_report *);

/* Deep-copies one container row (for stores that keep rows by id). */
void docker_container_copy(
    struct docker_container *dst, const struct docker_container *src);
void docker_container_clear(struct docker_container *);
void docker_event_clear(struct docker_event *);

/* ---- swarm (decoders in api/decode_swarm.c) ---- */

/* GET /swarm, less the join tokens (never kept). */
struct docker_swarm {
	char *id;
	char *created, *updated; /* RFC 3339 */
	int64_t heartbeat_ns; /* Dispatcher.HeartbeatPeriod */
	int64_t node_cert_expiry_ns; /* CAConfig.NodeCertExpiry */
	char *trust_root; /* the CA's PEM certificate */
	int64_t ca_not_after; /* its expiry (unix seconds), 0: unknown */
};

/* One row of /nodes. */
struct docker_node {
	char *id;
	int64_t version; /* Version.Index, for updates */
	char *hostname;
	char *role; /* manager, worker */
	char *availability; /* active, pause, drain */
	char *state; /* Status.State: ready, down, unknown, disconnected */
	char *message; /* Status.Message, or NULL */
	char *addr; /* Status.Addr */
	bool manager;
	bool leader;
	char *reachability; /* reachable, unreachable, unknown; NULL */
	char *engine_version;
	char *os, *arch;
	int64_t nano_cpus, memory;
	struct kvlist labels; /* Spec.Labels: the user's */
	char *created, *updated;
};

struct docker_node_list {
	struct docker_node *v;
	size_t n;
};

struct docker_service_port {
	char *protocol;
	int target, published;
	char *mode; /* ingress, host */
};

/* One row of /services?status=true. */
struct docker_service {
	char *id;
	int64_t version;
	char *name;
	char *mode; /* replicated, global, replicated-job, global-job */
	int64_t replicas; /* Spec's, for replicated; -1 otherwise */
	/* ServiceStatus (API 1.41); -1 when the engine sent none. */
	int64_t running, desired, completed;
	char *image; /* as in the spec: "repo:tag@sha256:..." */
	struct kvlist labels;
	char *stack; /* com.docker.stack.namespace, or NULL */
	struct docker_service_port *ports;
	size_t n_ports;
	char *update_state; /* updating, paused, completed...; NULL */
	char *update_message;
	char *created, *updated;
	char **networks; /* network ids (Target), NULL-ended */
	char **secrets; /* secret names */
	char **configs; /* config names */
	uint64_t force_update;
	bool has_previous; /* a PreviousSpec to roll back to */
	bool tty;
};

struct docker_service_list {
	struct docker_service *v;
	size_t n;
};

/* One row of /tasks. */
struct docker_task {
	char *id;
	char *service_id;
	int slot; /* 0 for a global service's task */
	char *node_id;
	char *desired; /* DesiredState */
	char *state; /* Status.State */
	char *message, *err; /* Status.Message, Status.Err (NULL: none) */
	char *timestamp; /* Status.Timestamp */
	char *container_id; /* NULL before it has one */
	int exit_code; /* -1 when none */
	char *image;
	char *created, *updated;
};

struct docker_task_list {
	struct docker_task *v;
	size_t n;
};

/* One row of /secrets or /configs (a config's data is not kept). */
struct docker_swarm_object {
	char *id;
	int64_t version;
	char *name;
	struct kvlist labels;
	char *created, *updated;
};

struct docker_swarm_object_list {
	struct docker_swarm_object *v;
	size_t n;
};

void docker_swarm_free(struct docker_swarm *);
void docker_node_list_free(struct docker_node_list *);
void docker_service_list_free(struct docker_service_list *);
void docker_task_list_free(struct docker_task_list *);
void docker_swarm_object_list_free(struct docker_swarm_object_list *);

#endif
