# Input lists: a file naming what a target is made from, rewritten only when
# that list changes. Timestamps never show an object dropped from a link or a
# file dropped from the initrd; a dependency on the list file does.

.PHONY: FORCE
FORCE:

# $(eval $(call inputs_list,<file>,<words>)): <file> holds <words>, one a line.
# <words> is expanded when the recipe runs, so a lazy variable ($$(VAR)) may
# name objects that fragments read later add to.
define inputs_list
$(1): FORCE
	@mkdir -p $$(dir $$@)
	@printf '%s\n' $(2) > $$@.new; if cmp -s $$@.new $$@; then rm $$@.new; else mv $$@.new $$@; fi
endef
