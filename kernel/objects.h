/* Type dispatch for object lifetime: what to do when an object's last
 * reference goes, and when one capability to it is deleted. */
#pragma once
#include "object.h"

void objects_destroy(struct kobj *o);
void objects_cap_deleted(struct kobj *o, uint8_t cap_type);
