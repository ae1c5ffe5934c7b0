# Compiles the default prompt templates (prompts/*.txt) into the program, so
# that `ranksent generate` needs no install tree; editing a template re-runs
# this at the next build.
function(ranksent_embed_prompts out_var)
  file(GLOB _files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/prompts/*.txt)
  set(_out "${PROJECT_BINARY_DIR}/generated/default_prompts.cpp")
  set(_body "// Generated from prompts/*.txt by cmake/EmbedPrompts.cmake; do not edit.\n#include <map>\n#include <string>\nnamespace ranksent {\nconst std::map<std::string, std::string>& builtin_prompt_files() {\n  static const std::map<std::string, std::string> files = {\n")
  foreach(_f ${_files})
    get_filename_component(_name ${_f} NAME)
    file(READ ${_f} _text)
    string(APPEND _body "    {\"${_name}\", R\"ranksent_prompt(${_text})ranksent_prompt\"},\n")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${_f})
  endforeach()
  string(APPEND _body "  };\n  return files;\n}\n}  // namespace ranksent\n")
  file(CONFIGURE OUTPUT ${_out} CONTENT "${_body}" @ONLY)
  set(${out_var} ${_out} PARENT_SCOPE)
endfunction()
