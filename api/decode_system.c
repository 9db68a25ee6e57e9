/*
 * Decoders of what the engine reports about itself: info, version, disk
 * usage (system df) and prune reports.
 */

#include "api/decode.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "api/decode_json.h"
#include "api/xalloc.h"

struct docker_info *
decode_info(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "info", JSON_OBJECT, cause), *sw;
	struct docker_info *in;

	if (root == NULL)
		return NULL;
	in = xcalloc(1, sizeof *in);
	in->id = jdup(root, "ID");
	in->name = jdup(root, "Name");
	in->server_version = jdup(root, "ServerVersion");
	in->containers = ji64(root, "Containers", 0);
	in->running = ji64(root, "ContainersRunning", 0);
	in->paused = ji64(root, "ContainersPaused", 0);
	in->stopped = ji64(root, "ContainersStopped", 0);
	in->images = ji64(root, "Images", 0);
	in->driver = jdup(root, "Driver");
	in->kernel_version = jdup(root, "KernelVersion");
	in->operating_system = jdup(root, "OperatingSystem");
	in->os_version = jdupnz(root, "OSVersion");
	in->os_type = jdup(root, "OSType");
	in->architecture = jdup(root, "Architecture");
	in->ncpu = ji64(root, "NCPU", 0);
	in->mem_total = ji64(root, "MemTotal", 0);
	in->docker_root_dir = jdup(root, "DockerRootDir");
	in->cgroup_driver = jdupnz(root, "CgroupDriver");
	in->cgroup_version = jdupnz(root, "CgroupVersion");
	in->isolation = jdupnz(root, "Isolation");
	in->system_time = jdup(root, "SystemTime");
	sw = jobj(root, "Swarm");
	in->swarm_state = jdupnz(sw, "LocalNodeState");
	in->swarm_manager = jbool(sw, "ControlAvailable", false);
	in->warnings = jstrv(root, "Warnings");
	in->default_runtime = jdupnz(root, "DefaultRuntime");
	json_decref(root);
	return in;
}

struct docker_version *
decode_version(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "version", JSON_OBJECT, cause), *e;
	struct docker_version *v;
	size_t i;

	if (root == NULL)
		return NULL;
	v = xcalloc(1, sizeof *v);
	v->version = jdup(root, "Version");
	v->api_version = jdup(root, "ApiVersion");
	v->min_api_version = jdup(root, "MinAPIVersion");
	v->os = jdup(root, "Os");
	v->arch = jdup(root, "Arch");
	v->kernel_version = jdup(root, "KernelVersion");
	v->git_commit = jdup(root, "GitCommit");
	v->go_version = jdup(root, "GoVersion");
	v->platform_name = jdupnz(jobj(root, "Platform"), "Name");
	v->experimental = jbool(root, "Experimental", false);
	/* Newer engines only say it in the Engine component, as a string. */
	json_array_foreach(jarr(root, "Components"), i, e)
	{
		const char *name = jstr(e, "Name");

		if (name != NULL && strcmp(name, "Engine") == 0)
			v->experimental = jbool(jobj(e, "Details"),
			    "Experimental", v->experimental);
	}
	json_decref(root);
	return v;
}

static bool
decode_df_image(void *item, const json_t *e)
{
	struct docker_df_image *im = item;

	im->id = jdupdef(e, "Id", "");
	im->repo_tags = jtags(e, "RepoTags", "<none>:<none>");
	im->created = ji64(e, "Created", 0);
	im->size = ji64(e, "Size", -1);
	im->shared_size = ji64(e, "SharedSize", -1);
	im->containers = ji64(e, "Containers", -1);
	return true;
}

static bool
decode_df_container(void *item, const json_t *e)
{
	struct docker_df_container *c = item;

	c->id = jdupdef(e, "Id", "");
	c->name = decode_names(json_object_get(e, "Names"));
	c->image = jdup(e, "Image");
	c->state = jdup(e, "State");
	c->size_root_fs = ji64(e, "SizeRootFs", -1);
	c->size_rw = ji64(e, "SizeRw", jhas_number(e, "SizeRootFs") ? 0 : -1);
	return true;
}

static bool
decode_df_volume(void *item, const json_t *e)
{
	struct docker_df_volume *v = item;
	json_t *u = jobj(e, "UsageData");

	v->name = jdupdef(e, "Name", "");
	v->driver = jdup(e, "Driver");
	v->size = ji64(u, "Size", -1);
	v->ref_count = ji64(u, "RefCount", -1);
	jkv(&v->labels, e, "Labels");
	return true;
}

static bool
decode_df_cache(void *item, const json_t *e)
{
	struct docker_df_cache *c = item;

	c->id = jdupdef(e, "ID", "");
	c->type = jdup(e, "Type");
	c->description = jdup(e, "Description");
	c->in_use = jbool(e, "InUse", false);
	c->shared = jbool(e, "Shared", false);
	c->size = ji64(e, "Size", -1);
	c->last_used_at = jdup(e, "LastUsedAt");
	c->usage_count = ji64(e, "UsageCount", 0);
	return true;
}

struct docker_df *
decode_df(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "disk usage", JSON_OBJECT, cause);
	struct docker_df *df;

	if (root == NULL)
		return NULL;
	df = xcalloc(1, sizeof *df);
	df->layers_size = ji64(root, "LayersSize", -1);
	df->images = decode_items(jarr(root, "Images"), sizeof *df->images,
	    decode_df_image, &df->n_images);
	df->containers = decode_items(jarr(root, "Containers"),
	    sizeof *df->containers, decode_df_container, &df->n_containers);
	df->volumes = decode_items(jarr(root, "Volumes"), sizeof *df->volumes,
	    decode_df_volume, &df->n_volumes);
	df->cache = decode_items(jarr(root, "BuildCache"), sizeof *df->cache,
	    decode_df_cache, &df->n_cache);
	json_decref(root);
	return df;
}

static void
decode_push_names(char ***v, size_t *n, const json_t *a)
{
	size_t i;
	json_t *e;

	json_array_foreach(a, i, e)
	{
		if (json_is_string(e))
			decode_strv_push(v, n, xstrdup(json_string_value(e)));
	}
}

struct docker_prune_report *
decode_prune_report(const char *s, size_t n, char **cause)
{
	json_t *root = decode_shape(s, n, "prune report", JSON_OBJECT, cause);
	json_t *e;
	struct docker_prune_report *r;
	char **v = NULL;
	size_t nv = 0, i;

	if (root == NULL)
		return NULL;
	r = xcalloc(1, sizeof *r);
	decode_push_names(&v, &nv, jarr(root, "ContainersDeleted"));
	json_array_foreach(jarr(root, "ImagesDeleted"), i, e)
	{
		const char *name = jstr(e, "Untagged");

		if (name == NULL)
			name = jstr(e, "Deleted");
		if (name != NULL)
			decode_strv_push(&v, &nv, xstrdup(name));
	}
	decode_push_names(&v, &nv, jarr(root, "VolumesDeleted"));
	decode_push_names(&v, &nv, jarr(root, "NetworksDeleted"));
	decode_push_names(&v, &nv, jarr(root, "CachesDeleted"));
	r->deleted = v ? v : decode_strv_empty();
	r->space_reclaimed = ji64(root, "SpaceReclaimed", 0);
	json_decref(root);
	return r;
}
