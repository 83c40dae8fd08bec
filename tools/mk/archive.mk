# $(call self_contained_archive,TAG): the recipe for an archive of the
# target's prerequisites that needs nothing from outside itself (its members
# may use each other): servers and init link these next to runtimes that
# provide no C library, so a symbol from elsewhere would only show as a
# link error far from its cause. TAG names the archive in the error line.
define self_contained_archive
	@mkdir -p $(dir $@)
	rm -f $@
	$(CROSS)ar rcs $@ $^
	@undefined="$$($(NM) -u $@ | awk 'NF == 2 { print $$2 }' | sort -u)"; \
	defined="$$($(NM) --defined-only $@ | awk 'NF == 3 { print $$3 }' | sort -u)"; \
	missing="$$(echo "$$undefined" | grep -vxF "$$defined" | grep -v '^$$' || true)"; \
	if [ -n "$$missing" ]; then \
	  echo "$(1)|error: $@ needs symbols from outside: $$missing" >&2; rm -f $@; exit 1; \
	fi
endef
