/* A lookup of a name nobody registered: worth waiting for while a server
 * that may register it is still starting, else final at once, with a log
 * line naming what does exist so the person who typed it sees the choice. */
#include <stdio.h>
#include <string.h>

#include <mica/abi/errno.h>
#include <mica/log.h>

#include "children.h"
#include "names.h"

static int a_server_is_starting(void)
{
    for (unsigned i = 0; i < INIT_MAX_CHILDREN; i++) {
        const struct child *c = children_at(i);
        if (c && c->state == CHILD_STARTING)
            return 1;
    }
    return 0;
}

long names_miss(const char *name)
{
    if (a_server_is_starting())
        return -MICA_EAGAIN;
    char known[NAMES_MAX * 24] = "";
    size_t used = 0;
    for (unsigned i = 0; i < NAMES_MAX && used < sizeof known; i++) {
        uint64_t pid;
        const char *n = names_at(i, &pid, 0);
        if (n)
            used += (size_t)snprintf(known + used, sizeof known - used, "%s%s", used ? ", " : "", n);
    }
    ipc_log_warn("no server registered %s; registered: %s", name, used ? known : "none");
    return -MICA_ENOENT;
}
