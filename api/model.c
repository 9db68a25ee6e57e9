/* Freeing, copying and lookup helpers for the decoded engine models. */

#include "api/model.h"

#include <stdlib.h>
#include <string.h>

#include "api/xalloc.h"

void
kvlist_free(struct kvlist *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

const char *
kvlist_get(const struct kvlist *l, const char *key)
{
	if (l == NULL || key == NULL)
		return NULL;
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].key != NULL && strcmp(l->v[i].key, key) == 0)
			return l->v[i].value;
	}
	return NULL;
}

static void
kvlist_copy(struct kvlist *dst, const struct kvlist *src)
{
	dst->n = src->n;
	dst->v = NULL;
	if (src->n == 0)
		return;
	dst->v = xreallocarray(NULL, src->n, sizeof *dst->v);
	for (size_t i = 0; i < src->n; i++) {
		dst->v[i].key = xstrdup_or_null(src->v[i].key);
		dst->v[i].value = xstrdup_or_null(src->v[i].value);
	}
}

static void
port_clear(struct docker_port *p)
{
	free(p->ip);
	free(p->type);
}

static void
mount_clear(struct docker_mount *m)
{
	free(m->type);
	free(m->name);
	free(m->source);
	free(m->destination);
	free(m->mode);
}

static void
endpoint_clear(struct docker_endpoint_net *e)
{
	free(e->network);
	free(e->network_id);
	free(e->endpoint_id);
	free(e->ip);
	free(e->ipv6);
	free(e->gateway);
	free(e->mac);
}

static void
binding_clear(struct docker_port_binding *b)
{
	free(b->container_port);
	free(b->host_ip);
	free(b->host_port);
}

static void
ports_free(struct docker_port *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		port_clear(&v[i]);
	free(v);
}

static void
mounts_free(struct docker_mount *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		mount_clear(&v[i]);
	free(v);
}

static void
endpoints_free(struct docker_endpoint_net *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		endpoint_clear(&v[i]);
	free(v);
}

static void
bindings_free(struct docker_port_binding *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		binding_clear(&v[i]);
	free(v);
}

void
docker_container_clear(struct docker_container *c)
{
	if (c == NULL)
		return;
	free(c->id);
	free(c->name);
	free(c->image);
	free(c->image_id);
	free(c->command);
	free(c->state);
	free(c->status);
	ports_free(c->ports, c->n_ports);
	kvlist_free(&c->labels);
	endpoints_free(c->nets, c->n_nets);
	mounts_free(c->mounts, c->n_mounts);
	free(c->network_mode);
	memset(c, 0, sizeof *c);
}

void
docker_container_copy(
    struct docker_container *dst, const struct docker_container *src)
{
	memset(dst, 0, sizeof *dst);
	dst->id = xstrdup_or_null(src->id);
	dst->name = xstrdup_or_null(src->name);
	dst->image = xstrdup_or_null(src->image);
	dst->image_id = xstrdup_or_null(src->image_id);
	dst->command = xstrdup_or_null(src->command);
	dst->created = src->created;
	dst->state = xstrdup_or_null(src->state);
	dst->status = xstrdup_or_null(src->status);
	dst->size_rw = src->size_rw;
	dst->size_root_fs = src->size_root_fs;
	dst->network_mode = xstrdup_or_null(src->network_mode);
	kvlist_copy(&dst->labels, &src->labels);

	if (src->n_ports > 0) {
		dst->ports = xcalloc(src->n_ports, sizeof *dst->ports);
		for (size_t i = 0; i < src->n_ports; i++) {
			const struct docker_port *s = &src->ports[i];
			struct docker_port *d = &dst->ports[i];

			d->ip = xstrdup_or_null(s->ip);
			d->private_port = s->private_port;
			d->public_port = s->public_port;
			d->type = xstrdup_or_null(s->type);
		}
		dst->n_ports = src->n_ports;
	}
	if (src->n_nets > 0) {
		dst->nets = xcalloc(src->n_nets, sizeof *dst->nets);
		for (size_t i = 0; i < src->n_nets; i++) {
			const struct docker_endpoint_net *s = &src->nets[i];
			struct docker_endpoint_net *d = &dst->nets[i];

			d->network = xstrdup_or_null(s->network);
			d->network_id = xstrdup_or_null(s->network_id);
			d->endpoint_id = xstrdup_or_null(s->endpoint_id);
			d->ip = xstrdup_or_null(s->ip);
			d->prefix_len = s->prefix_len;
			d->ipv6 = xstrdup_or_null(s->ipv6);
			d->gateway = xstrdup_or_null(s->gateway);
			d->mac = xstrdup_or_null(s->mac);
		}
		dst->n_nets = src->n_nets;
	}
	if (src->n_mounts > 0) {
		dst->mounts = xcalloc(src->n_mounts, sizeof *dst->mounts);
		for (size_t i = 0; i < src->n_mounts; i++) {
			const struct docker_mount *s = &src->mounts[i];
			struct docker_mount *d = &dst->mounts[i];

			d->type = xstrdup_or_null(s->type);
			d->name = xstrdup_or_null(s->name);
			d->source = xstrdup_or_null(s->source);
			d->destination = xstrdup_or_null(s->destination);
			d->mode = xstrdup_or_null(s->mode);
			d->rw = s->rw;
		}
		dst->n_mounts = src->n_mounts;
	}
}

void
docker_container_list_free(struct docker_container_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		docker_container_clear(&l->v[i]);
	free(l->v);
	free(l);
}

void
docker_container_detail_free(struct docker_container_detail *c)
{
	if (c == NULL)
		return;
	free(c->id);
	free(c->name);
	free(c->created);
	free(c->image_id);
	free(c->driver);
	free(c->platform);
	free(c->path);
	strv_free(c->args);
	free(c->status);
	free(c->error);
	free(c->started_at);
	free(c->finished_at);
	free(c->health_status);
	for (size_t i = 0; i < c->n_health_log; i++) {
		free(c->health_log[i].start);
		free(c->health_log[i].end);
		free(c->health_log[i].output);
	}
	free(c->health_log);
	free(c->hostname);
	free(c->user);
	free(c->working_dir);
	free(c->image);
	strv_free(c->env);
	strv_free(c->cmd);
	strv_free(c->entrypoint);
	strv_free(c->exposed_ports);
	kvlist_free(&c->labels);
	free(c->stop_signal);
	free(c->restart_policy);
	free(c->network_mode);
	free(c->isolation);
	bindings_free(c->bindings, c->n_bindings);
	strv_free(c->exec_ids);
	mounts_free(c->mounts, c->n_mounts);
	endpoints_free(c->nets, c->n_nets);
	bindings_free(c->ports, c->n_ports);
	free(c);
}

static void
image_clear(struct docker_image *im)
{
	free(im->id);
	free(im->parent_id);
	strv_free(im->repo_tags);
	strv_free(im->repo_digests);
	kvlist_free(&im->labels);
}

void
docker_image_list_free(struct docker_image_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		image_clear(&l->v[i]);
	free(l->v);
	free(l);
}

void
docker_image_detail_free(struct docker_image_detail *im)
{
	if (im == NULL)
		return;
	free(im->id);
	strv_free(im->repo_tags);
	strv_free(im->repo_digests);
	free(im->parent);
	free(im->created);
	free(im->docker_version);
	free(im->author);
	free(im->architecture);
	free(im->os);
	free(im->os_version);
	free(im->user);
	free(im->working_dir);
	strv_free(im->env);
	strv_free(im->cmd);
	strv_free(im->entrypoint);
	strv_free(im->exposed_ports);
	kvlist_free(&im->labels);
	strv_free(im->layers);
	free(im);
}

void
docker_history_free(struct docker_history *h)
{
	if (h == NULL)
		return;
	for (size_t i = 0; i < h->n; i++) {
		free(h->v[i].id);
		free(h->v[i].created_by);
		strv_free(h->v[i].tags);
		free(h->v[i].comment);
	}
	free(h->v);
	free(h);
}

void
docker_volume_list_free(struct docker_volume_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct docker_volume *v = &l->v[i];

		free(v->name);
		free(v->driver);
		free(v->mountpoint);
		free(v->created_at);
		free(v->scope);
		kvlist_free(&v->labels);
		kvlist_free(&v->options);
	}
	free(l->v);
	strv_free(l->warnings);
	free(l);
}

static void
network_clear(struct docker_network *n)
{
	free(n->id);
	free(n->name);
	free(n->created);
	free(n->driver);
	free(n->scope);
	for (size_t i = 0; i < n->n_ipam; i++) {
		free(n->ipam[i].subnet);
		free(n->ipam[i].gateway);
		free(n->ipam[i].ip_range);
	}
	free(n->ipam);
	for (size_t i = 0; i < n->n_containers; i++) {
		free(n->containers[i].id);
		free(n->containers[i].name);
		free(n->containers[i].ipv4);
		free(n->containers[i].ipv6);
		free(n->containers[i].mac);
	}
	free(n->containers);
	kvlist_free(&n->options);
	kvlist_free(&n->labels);
}

void
docker_network_free(struct docker_network *n)
{
	if (n == NULL)
		return;
	network_clear(n);
	free(n);
}

void
docker_network_list_free(struct docker_network_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		network_clear(&l->v[i]);
	free(l->v);
	free(l);
}

void
docker_info_free(struct docker_info *i)
{
	if (i == NULL)
		return;
	free(i->id);
	free(i->name);
	free(i->server_version);
	free(i->driver);
	free(i->kernel_version);
	free(i->operating_system);
	free(i->os_version);
	free(i->os_type);
	free(i->architecture);
	free(i->docker_root_dir);
	free(i->cgroup_driver);
	free(i->cgroup_version);
	free(i->isolation);
	free(i->system_time);
	free(i->swarm_state);
	strv_free(i->warnings);
	free(i->default_runtime);
	free(i);
}

void
docker_version_free(struct docker_version *v)
{
	if (v == NULL)
		return;
	free(v->version);
	free(v->api_version);
	free(v->min_api_version);
	free(v->os);
	free(v->arch);
	free(v->kernel_version);
	free(v->git_commit);
	free(v->go_version);
	free(v->platform_name);
	free(v);
}

void
docker_df_free(struct docker_df *df)
{
	if (df == NULL)
		return;
	for (size_t i = 0; i < df->n_images; i++) {
		free(df->images[i].id);
		strv_free(df->images[i].repo_tags);
	}
	free(df->images);
	for (size_t i = 0; i < df->n_containers; i++) {
		free(df->containers[i].id);
		free(df->containers[i].name);
		free(df->containers[i].image);
		free(df->containers[i].state);
	}
	free(df->containers);
	for (size_t i = 0; i < df->n_volumes; i++) {
		free(df->volumes[i].name);
		free(df->volumes[i].driver);
		kvlist_free(&df->volumes[i].labels);
	}
	free(df->volumes);
	for (size_t i = 0; i < df->n_cache; i++) {
		free(df->cache[i].id);
		free(df->cache[i].type);
		free(df->cache[i].description);
		free(df->cache[i].last_used_at);
	}
	free(df->cache);
	free(df);
}

void
docker_event_clear(struct docker_event *e)
{
	if (e == NULL)
		return;
	free(e->type);
	free(e->action);
	free(e->actor_id);
	kvlist_free(&e->attrs);
	free(e->scope);
	memset(e, 0, sizeof *e);
}

void
docker_event_free(struct docker_event *e)
{
	if (e == NULL)
		return;
	docker_event_clear(e);
	free(e);
}

void
docker_exec_free(struct docker_exec *x)
{
	if (x == NULL)
		return;
	free(x->id);
	free(x->container_id);
	free(x->user);
	free(x->entrypoint);
	strv_free(x->arguments);
	free(x);
}

void
docker_top_free(struct docker_top *t)
{
	if (t == NULL)
		return;
	strv_free(t->titles);
	for (size_t i = 0; i < t->n_rows; i++)
		strv_free(t->rows[i]);
	free(t->rows);
	free(t);
}

void
docker_stats_free(struct docker_stats *s)
{
	if (s == NULL)
		return;
	free(s->read);
	free(s);
}

void
docker_progress_free(struct docker_progress *p)
{
	if (p == NULL)
		return;
	free(p->id);
	free(p->status);
	free(p->progress);
	free(p->error);
	free(p);
}

void
docker_prune_report_free(struct docker_prune_report *r)
{
	if (r == NULL)
		return;
	strv_free(r->deleted);
	free(r);
}

void
docker_swarm_free(struct docker_swarm *s)
{
	if (s == NULL)
		return;
	free(s->id);
	free(s->created);
	free(s->updated);
	free(s->trust_root);
	free(s);
}

void
docker_node_list_free(struct docker_node_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct docker_node *n = &l->v[i];

		free(n->id);
		free(n->hostname);
		free(n->role);
		free(n->availability);
		free(n->state);
		free(n->message);
		free(n->addr);
		free(n->reachability);
		free(n->engine_version);
		free(n->os);
		free(n->arch);
		kvlist_free(&n->labels);
		free(n->created);
		free(n->updated);
	}
	free(l->v);
	free(l);
}

void
docker_service_list_free(struct docker_service_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct docker_service *s = &l->v[i];

		free(s->id);
		free(s->name);
		free(s->mode);
		free(s->image);
		kvlist_free(&s->labels);
		free(s->stack);
		for (size_t k = 0; k < s->n_ports; k++) {
			free(s->ports[k].protocol);
			free(s->ports[k].mode);
		}
		free(s->ports);
		free(s->update_state);
		free(s->update_message);
		free(s->created);
		free(s->updated);
		strv_free(s->networks);
		strv_free(s->secrets);
		strv_free(s->configs);
	}
	free(l->v);
	free(l);
}

void
docker_task_list_free(struct docker_task_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		struct docker_task *t = &l->v[i];

		free(t->id);
		free(t->service_id);
		free(t->node_id);
		free(t->desired);
		free(t->state);
		free(t->message);
		free(t->err);
		free(t->timestamp);
		free(t->container_id);
		free(t->image);
		free(t->created);
		free(t->updated);
	}
	free(l->v);
	free(l);
}

void
docker_swarm_object_list_free(struct docker_swarm_object_list *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++) {
		free(l->v[i].id);
		free(l->v[i].name);
		kvlist_free(&l->v[i].labels);
		free(l->v[i].created);
		free(l->v[i].updated);
	}
	free(l->v);
	free(l);
}
