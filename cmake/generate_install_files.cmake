# Writes what `cmake --install` and the .deb ship besides the binary, by asking the binary
# itself (so the man pages, completions and desk files follow its command definitions):
#   cmake -DUNKNOT=path/to/unknot -DOUT=dir -DVERSION=x.y.z "-DMAINTAINER=Name <address>" -P generate_install_files.cmake
# OUT/man/*.1.gz, OUT/completions/{unknot,_unknot,unknot.fish}, OUT/desk/unknot-desk.{service,desktop},
# OUT/doc/changelog.gz.
file(REMOVE_RECURSE "${OUT}")
file(MAKE_DIRECTORY "${OUT}/man" "${OUT}/completions" "${OUT}/desk" "${OUT}/doc")

function(run_checked)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE code ERROR_VARIABLE error)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "${ARGN} failed (${code}): ${error}")
  endif()
endfunction()

run_checked("${UNKNOT}" --generate-man "${OUT}/man")
run_checked("${UNKNOT}" --generate-desk-files "${OUT}/desk")
foreach(shell_file IN ITEMS "bash;unknot" "zsh;_unknot" "fish;unknot.fish")
  list(GET shell_file 0 shell)
  list(GET shell_file 1 name)
  execute_process(COMMAND "${UNKNOT}" --generate-completion ${shell} OUTPUT_FILE "${OUT}/completions/${name}"
                  RESULT_VARIABLE code)
  if(NOT code EQUAL 0)
    message(FATAL_ERROR "unknot --generate-completion ${shell} failed (${code})")
  endif()
endforeach()

# A changelog in Debian's format (a native package's /usr/share/doc/unknot/changelog.gz).
# (string(TIMESTAMP) uses SOURCE_DATE_EPOCH when it is set, for reproducible packages.)
string(TIMESTAMP now "%a, %d %b %Y %H:%M:%S +0000" UTC)
file(WRITE "${OUT}/doc/changelog"
  "unknot (${VERSION}) unstable; urgency=low\n\n"
  "  * Built from the unknot source tree; the project's history is its git log.\n\n"
  " -- ${MAINTAINER}  ${now}\n")

# gzip -n: no name or time stamp inside, so the same pages give the same bytes.
file(GLOB pages "${OUT}/man/*.1")
run_checked(gzip -9nf ${pages} "${OUT}/doc/changelog")
