-- After the README's Neovim snippet (loaded as init.lua): open a shell script, a Dockerfile and COMMIT_EDITMSG as a
-- user would, hover, ask for completion in the commit buffer, and write what was shown to $KIBITZ_TEST_OUT.
local repo = os.getenv('KIBITZ_TEST_REPO')
local out = { steps = {}, errors = {}, version = tostring(vim.version().major) .. '.' .. tostring(vim.version().minor) }

local function wait(ms, fn) return vim.wait(ms, fn, 50) end

local function open(file)
  vim.cmd('edit ' .. vim.fn.fnameescape(repo .. '/' .. file))
  local buf = vim.api.nvim_get_current_buf()
  local attached = wait(20000, function()
    for _, c in pairs(vim.lsp.buf_get_clients(buf)) do
      if c.name == 'kibitz' and c.initialized then return true end
    end
    return false
  end)
  return buf, attached
end

local function hover_at(buf, needle, delta)
  for i, l in ipairs(vim.api.nvim_buf_get_lines(buf, 0, -1, false)) do
    local s = l:find(needle, 1, true)
    if s then
      local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = i - 1, character = s - 1 + delta } }
      local res = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 15000) or {}
      for _, r in pairs(res) do
        if r.result and r.result.contents then return r.result.contents.value or r.result.contents end
      end
      return nil
    end
  end
end

local function step(name, fn)
  local ok, err = pcall(function() out.steps[name] = fn() end)
  if not ok then table.insert(out.errors, name .. ': ' .. tostring(err)) end
end

step('script', function()
  local buf, attached = open('deploy.sh')
  return { filetype = vim.bo[buf].filetype, attached = attached, hover = hover_at(buf, '-xzf', 2) }
end)
step('dockerfile', function()
  local buf, attached = open('Dockerfile')
  return { filetype = vim.bo[buf].filetype, attached = attached, hover = hover_at(buf, '-xzf', 2) }
end)
step('commit', function()
  local buf, attached = open('.git/COMMIT_EDITMSG')
  local params = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 0, character = 0 }, context = { triggerKind = 1 } }
  local labels = {}
  for _, r in pairs(vim.lsp.buf_request_sync(buf, 'textDocument/completion', params, 15000) or {}) do
    for _, item in ipairs((r.result and (r.result.items or r.result)) or {}) do table.insert(labels, item.label) end
  end
  return { filetype = vim.bo[buf].filetype, attached = attached, omnifunc = vim.bo[buf].omnifunc, completion = labels }
end)

local f = io.open(os.getenv('KIBITZ_TEST_OUT'), 'w')
f:write(vim.fn.json_encode(out))
f:close()
vim.cmd('qa!')
